// write(fd, buffer, count): copies the program's bytes in a chunk at a time and writes them through the open file.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 1.</summary>
public static unsafe class SysWrite
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        Transfer(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, registers->Rdx, -1);

    /// <summary>Writes <paramref name="count"/> bytes from the program: the count written, or -errno when none was.</summary>
    public static long Transfer(Process* process, int fd, ulong address, ulong count, long offset)
    {
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (count > 0x7FFF_F000)
        {
            count = 0x7FFF_F000;
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
            if (UserMemory.CopyIn(process, address + done, chunk, (ulong)step) != 0)
            {
                return done > 0 ? (long)done : -Errno.EFAULT;
            }

            long written = FileIo.Write(file, chunk, step, offset < 0 ? -1 : offset + (long)done);
            if (written < 0)
            {
                return done > 0 ? (long)done : written;
            }

            done += (ulong)written;
            if (written < step)
            {
                break;
            }
        }

        return (long)done;
    }
}
