// unlinkat(dirfd, path, flags): removes a file, or with AT_REMOVEDIR an empty directory (ramfs; devfs and sysfs
// refuse with EROFS). A directory that is some process's current directory is still removed unless it is the
// kernel's (the VFS's own check).
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 263.</summary>
public static unsafe class SysUnlinkat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int flags = (int)registers->Rdx;
        if ((flags & ~SyscallFlags.AtRemoveDirectory) != 0)
        {
            return -Errno.EINVAL;
        }

        return Remove(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (flags & SyscallFlags.AtRemoveDirectory) != 0);
    }

    /// <summary>Removes the file (or empty directory) at the program's path: 0 or -errno.</summary>
    public static long Remove(Process* process, int directoryFd, ulong pathAddress, bool directory)
    {
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, directoryFd, pathAddress, path);
        if (length < 0)
        {
            return length;
        }

        VfsStatus status = Vfs.Remove(new ReadOnlySpan<byte>(path, length), directory ? VfsNodeKind.Directory : VfsNodeKind.File);
        return -Errno.FromVfs(status);
    }
}
