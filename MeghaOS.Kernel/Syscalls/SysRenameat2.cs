// renameat2(olddirfd, oldpath, newdirfd, newpath, flags): moves a file or directory to another name or directory (how
// `mv` works), replacing what the new path names as Linux does: a file over a file, a directory over an empty
// directory. Flags 0 and RENAME_NOREPLACE (EEXIST instead of replacing); RENAME_EXCHANGE, RENAME_WHITEOUT and unknown
// bits give EINVAL. Between two mounted filesystems EXDEV; in devfs and sysfs EPERM (they cannot rename, as Linux's
// sysfs cannot). rename and renameat are this call with fixed arguments.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 316.</summary>
public static unsafe class SysRenameat2
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        uint flags = (uint)registers->R8;
        if ((flags & ~(uint)SyscallFlags.RenameNoReplace) != 0)
        {
            return -Errno.EINVAL;
        }

        return Rename(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (int)registers->Rdx, registers->R10,
            (flags & SyscallFlags.RenameNoReplace) != 0);
    }

    /// <summary>Moves the old path to the new path of the program: 0 or -errno (nothing changed).</summary>
    public static long Rename(Process* process, int fromDirectoryFd, ulong fromAddress, int toDirectoryFd, ulong toAddress, bool noReplace)
    {
        byte* from = stackalloc byte[UserPath.BufferBytes];
        int fromLength = UserPath.Resolve(process, fromDirectoryFd, fromAddress, from);
        if (fromLength < 0)
        {
            return fromLength;
        }

        byte* to = stackalloc byte[UserPath.BufferBytes];
        int toLength = UserPath.Resolve(process, toDirectoryFd, toAddress, to);
        if (toLength < 0)
        {
            return toLength;
        }

        VfsStatus status = Vfs.Rename(new ReadOnlySpan<byte>(from, fromLength), new ReadOnlySpan<byte>(to, toLength), noReplace);
        return -Errno.FromVfs(status);
    }
}
