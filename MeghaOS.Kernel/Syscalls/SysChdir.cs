// chdir(path): the process's current directory becomes the path, which must be a directory.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 80.</summary>
public static unsafe class SysChdir
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, SyscallFlags.AtCurrentDirectory, registers->Rdi, path);
        if (length < 0)
        {
            return length;
        }

        ReadOnlySpan<byte> name = new ReadOnlySpan<byte>(path, length);
        VfsStatus status = Vfs.Stat(name, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return -Errno.FromVfs(status);
        }

        if (stat.Kind != VfsNodeKind.Directory)
        {
            return -Errno.ENOTDIR;
        }

        process->SetDirectory(name);
        return 0;
    }
}
