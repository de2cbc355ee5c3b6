// Moving bytes between a program's buffer and an open file, for read, write, pread64, pwrite64, readv and writev: the
// checks they share (the descriptor, Linux's limit on one transfer, the buffer inside the user half; for the
// positioned calls a file that has offsets and an offset that is not negative), and one loop that goes a kernel chunk
// at a time, copy-out after the file's read or copy-in before its write. A transfer that has moved bytes returns
// their count whatever stops it; only one that moved none returns -errno. Pipes and the console read what one step
// gives; files read and write on until the count, a short step or the end.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>The copy loops of the read and write system calls.</summary>
public static unsafe class UserTransfer
{
    /// <summary>Most bytes one call moves (Linux's MAX_RW_COUNT).</summary>
    public const ulong MaxBytes = 0x7FFF_F000;

    /// <summary>Most iovec entries (Linux's UIO_MAXIOV).</summary>
    public const int MaxVectors = 1024;

    /// <summary>
    /// Moves up to <paramref name="count"/> bytes between the program's <paramref name="address"/> and
    /// <paramref name="fd"/> (at <paramref name="offset"/>, or the file's own offset when -1): into the file when
    /// <paramref name="write"/>, out of it otherwise. The count moved, or -errno when nothing was.
    /// </summary>
    public static long Transfer(Process* process, int fd, ulong address, ulong count, long offset, bool write)
    {
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (count > MaxBytes)
        {
            count = MaxBytes;
        }

        if (!UserMemory.IsUserRange(address, count))
        {
            return -Errno.EFAULT;
        }

        byte* chunk = stackalloc byte[FileIo.ChunkBytes];
        ulong done = 0;
        while (done < count)
        {
            int step = count - done < FileIo.ChunkBytes ? (int)(count - done) : FileIo.ChunkBytes;
            long at = offset < 0 ? -1 : offset + (long)done;
            long moved;
            if (write)
            {
                if (UserMemory.CopyIn(process, address + done, chunk, (ulong)step) != 0)
                {
                    return done > 0 ? (long)done : -Errno.EFAULT;
                }

                moved = FileIo.Write(file, chunk, step, at);
            }
            else
            {
                moved = FileIo.Read(file, chunk, step, at);
                if (moved > 0 && UserMemory.CopyOut(process, address + done, chunk, (ulong)moved) != 0)
                {
                    return done > 0 ? (long)done : -Errno.EFAULT;
                }
            }

            if (moved <= 0)
            {
                return done > 0 ? (long)done : moved; // 0: end of file, or a write that took nothing
            }

            done += (ulong)moved;
            if (moved < step || (!write && file->Kind != OpenFileKind.Vfs))
            {
                break;
            }
        }

        return (long)done;
    }

    /// <summary>
    /// pread64 and pwrite64: <see cref="Transfer"/> at <paramref name="offset"/>, which must not be negative, on a
    /// file that has offsets (ESPIPE for a pipe or the console); the file's own offset does not move.
    /// </summary>
    public static long Positioned(Process* process, int fd, ulong address, ulong count, long offset, bool write)
    {
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (file->Kind != OpenFileKind.Vfs)
        {
            return -Errno.ESPIPE;
        }

        return offset < 0 ? -Errno.EINVAL : Transfer(process, fd, address, count, offset, write);
    }

    /// <summary>
    /// readv and writev: <see cref="Transfer"/> for each (base, length) pair of the program's iovec array at
    /// <paramref name="vectors"/> in turn, stopping after a short one. The total moved, or -errno when nothing was.
    /// </summary>
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

            long done = Transfer(process, fd, vector[0], vector[1], -1, write);
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
