// readv(fd, iov, iovcnt): read into each buffer of the iovec array in turn, stopping at a short read.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 19.</summary>
public static unsafe class SysReadv
{
    /// <summary>Most iovec entries (Linux's UIO_MAXIOV).</summary>
    public const int MaxVectors = 1024;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        Vectored(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (long)registers->Rdx, false);

    /// <summary>readv (<paramref name="write"/> false) and writev (true).</summary>
    public static long Vectored(Process* process, int fd, ulong vectors, long count, bool write)
    {
        if (count < 0 || count > MaxVectors)
        {
            return -Errno.EINVAL;
        }

        long total = 0;
        ulong* vector = stackalloc ulong[2];
        for (long i = 0; i < count; i++)
        {
            if (UserMemory.CopyIn(process, vectors + (ulong)i * 16, vector, 16) != 0)
            {
                return total > 0 ? total : -Errno.EFAULT;
            }

            if (vector[1] == 0)
            {
                continue;
            }

            long done = write ? SysWrite.Transfer(process, fd, vector[0], vector[1], -1)
                : SysRead.Transfer(process, fd, vector[0], vector[1], -1);
            if (done < 0)
            {
                return total > 0 ? total : done;
            }

            total += done;
            if ((ulong)done < vector[1])
            {
                break;
            }
        }

        return total;
    }
}
