// openat(dirfd, path, flags, mode) and the work open shares: resolve the path, open it in the VFS with the access the
// flags ask (creating or emptying it), and put it in the lowest free descriptor. Mode bits are ignored (no owners).
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 257.</summary>
public static unsafe class SysOpenat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        Open(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (int)registers->Rdx);

    /// <summary>Opens the program's path: the new descriptor or -errno.</summary>
    public static long Open(Process* process, int directoryFd, ulong pathAddress, int flags)
    {
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, directoryFd, pathAddress, path);
        if (length < 0)
        {
            return length;
        }

        System.ReadOnlySpan<byte> name = new System.ReadOnlySpan<byte>(path, length);
        int access = flags & SyscallFlags.AccessMode;
        if (access == 3)
        {
            return -Errno.EINVAL;
        }

        VfsStatus status = Vfs.Stat(name, out VfsStat stat);
        bool exists = status == VfsStatus.Success;
        if (!exists && (status != VfsStatus.NotFound || (flags & SyscallFlags.Create) == 0))
        {
            return -Errno.FromVfs(status);
        }

        if (exists && (flags & (SyscallFlags.Create | SyscallFlags.Exclusive)) == (SyscallFlags.Create | SyscallFlags.Exclusive))
        {
            return -Errno.EEXIST;
        }

        bool directory = exists && stat.Kind == VfsNodeKind.Directory;
        if ((flags & SyscallFlags.Directory) != 0 && !directory)
        {
            return exists ? -Errno.ENOTDIR : -Errno.ENOENT;
        }

        if (directory && access != SyscallFlags.ReadOnly)
        {
            return -Errno.EISDIR;
        }

        VfsOpenMode mode = access == SyscallFlags.ReadOnly ? VfsOpenMode.Read
            : access == SyscallFlags.WriteOnly ? VfsOpenMode.Write : VfsOpenMode.Read | VfsOpenMode.Write;
        if (access != SyscallFlags.ReadOnly)
        {
            mode |= (flags & SyscallFlags.Create) != 0 ? VfsOpenMode.Create : 0;
            mode |= (flags & SyscallFlags.Truncate) != 0 ? VfsOpenMode.Truncate : 0;
        }
        else if (!exists)
        {
            // O_CREAT with O_RDONLY: create it through a write open, then read it.
            status = Vfs.Open(name, VfsOpenMode.Write | VfsOpenMode.Create, out VfsFile _);
            if (status != VfsStatus.Success)
            {
                return -Errno.FromVfs(status);
            }
        }

        status = Vfs.Open(name, mode, out VfsFile vfsFile);
        if (status != VfsStatus.Success)
        {
            return -Errno.FromVfs(status);
        }

        int index = OpenFileTable.Allocate(OpenFileKind.Vfs, flags & ~SyscallFlags.CloseOnExec);
        if (index < 0)
        {
            return index;
        }

        OpenFileTable.SetVfsFile(index, vfsFile, directory);
        int fd = ProcessTable.InstallDescriptor(process, index, 0, (flags & SyscallFlags.CloseOnExec) != 0);
        if (fd < 0)
        {
            OpenFileTable.Release(index);
        }

        return fd;
    }
}
