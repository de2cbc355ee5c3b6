// utimensat(dirfd, path, times, flags): sets a file's access and modification times, which is the last step of
// `touch`. The VFS keeps no times (stat reports 0), so after checking every argument exactly as Linux does it changes
// nothing and returns 0: touch then creates a missing file with open(O_CREAT) and succeeds on an existing one. Linux's
// order: the two timespecs are copied in first (EFAULT; both UTIME_OMIT returns 0 without looking at the path), a
// null path with a directory descriptor names that descriptor (flags must be 0), other flags than
// AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH give EINVAL, then the path is resolved (ENOENT, ENOTDIR...), and last a
// tv_nsec outside 0..999999999 that is neither UTIME_NOW nor UTIME_OMIT gives EINVAL.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 280.</summary>
public static unsafe class SysUtimensat
{
    /// <summary>UTIME_NOW: set this time to the current time.</summary>
    public const long TimeNow = (1L << 30) - 1;

    /// <summary>UTIME_OMIT: leave this time as it is.</summary>
    public const long TimeOmit = (1L << 30) - 2;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        int directoryFd = (int)registers->Rdi;
        ulong pathAddress = registers->Rsi;
        ulong timesAddress = registers->Rdx;
        int flags = (int)registers->R10;

        // struct timespec times[2]: { tv_sec, tv_nsec } for the access time, then for the modification time.
        long* times = stackalloc long[4];
        if (timesAddress != 0)
        {
            if (UserMemory.CopyIn(process, timesAddress, times, 4 * sizeof(long)) != 0)
            {
                return -Errno.EFAULT;
            }

            if (times[1] == TimeOmit && times[3] == TimeOmit)
            {
                return 0;
            }
        }

        if (pathAddress == 0 && directoryFd != SyscallFlags.AtCurrentDirectory)
        {
            if (flags != 0)
            {
                return -Errno.EINVAL;
            }

            if (ProcessTable.Descriptor(process, directoryFd, out int _) == null)
            {
                return -Errno.EBADF;
            }

            return CheckTimes(timesAddress != 0, times);
        }

        if ((flags & ~(SyscallFlags.AtSymlinkNoFollow | SyscallFlags.AtEmptyPath)) != 0)
        {
            return -Errno.EINVAL;
        }

        long found = Find(process, directoryFd, pathAddress, (flags & SyscallFlags.AtEmptyPath) != 0);
        return found != 0 ? found : CheckTimes(timesAddress != 0, times);
    }

    // 0 when the node the arguments name exists, else -errno; with AT_EMPTY_PATH an empty path names the descriptor.
    private static long Find(Process* process, int directoryFd, ulong pathAddress, bool emptyPathIsDescriptor)
    {
        if (emptyPathIsDescriptor)
        {
            byte first = 1;
            if (UserMemory.CopyIn(process, pathAddress, &first, 1) != 0)
            {
                return -Errno.EFAULT;
            }

            if (first == 0)
            {
                return directoryFd == SyscallFlags.AtCurrentDirectory || ProcessTable.Descriptor(process, directoryFd, out int _) != null
                    ? 0
                    : -Errno.EBADF;
            }
        }

        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, directoryFd, pathAddress, path);
        if (length < 0)
        {
            return length;
        }

        return -Errno.FromVfs(Vfs.Resolve(new ReadOnlySpan<byte>(path, length), out VfsNode _));
    }

    // 0, or -EINVAL when a tv_nsec is out of range and neither UTIME_NOW nor UTIME_OMIT.
    private static long CheckTimes(bool given, long* times) =>
        !given || (IsValidNanoseconds(times[1]) && IsValidNanoseconds(times[3])) ? 0 : -Errno.EINVAL;

    private static bool IsValidNanoseconds(long nanoseconds) =>
        nanoseconds == TimeNow || nanoseconds == TimeOmit || (nanoseconds >= 0 && nanoseconds <= 999_999_999);
}
