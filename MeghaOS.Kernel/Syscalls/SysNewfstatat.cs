// newfstatat(dirfd, path, statbuf, flags): describes the node a path names; with AT_EMPTY_PATH and an empty path, the
// descriptor itself. Symbolic links do not exist, so AT_SYMLINK_NOFOLLOW changes nothing.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 262.</summary>
public static unsafe class SysNewfstatat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if ((registers->R10 & SyscallFlags.AtEmptyPath) != 0)
        {
            byte first = 1;
            if (UserMemory.CopyIn(process, registers->Rsi, &first, 1) != 0)
            {
                return -Errno.EFAULT;
            }

            if (first == 0)
            {
                return SysFstat.Describe(process, (int)registers->Rdi, registers->Rdx);
            }
        }

        return DescribePath(process, (int)registers->Rdi, registers->Rsi, registers->Rdx);
    }

    /// <summary>Writes the struct stat of the node at the program's path: 0 or -errno.</summary>
    public static long DescribePath(Process* process, int directoryFd, ulong pathAddress, ulong address)
    {
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, directoryFd, pathAddress, path);
        if (length < 0)
        {
            return length;
        }

        System.ReadOnlySpan<byte> name = new System.ReadOnlySpan<byte>(path, length);
        VfsStatus status = Vfs.Resolve(name, out VfsNode node);
        if (status == VfsStatus.Success)
        {
            status = Vfs.Stat(node, out VfsStat stat);
            if (status == VfsStatus.Success)
            {
                byte* buffer = stackalloc byte[StatBuffer.Size];
                StatBuffer.FromVfs(buffer, node, stat);
                return UserMemory.CopyOut(process, address, buffer, StatBuffer.Size);
            }
        }

        return -Errno.FromVfs(status);
    }
}
