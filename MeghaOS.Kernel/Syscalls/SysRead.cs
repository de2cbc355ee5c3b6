// read(fd, buffer, count): reads through the open file into the program's buffer, a chunk at a time. Pipes and the
// console return what one step gives (they may wait for it); files read on until the count or their end.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 0.</summary>
public static unsafe class SysRead
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        Transfer(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, registers->Rdx, -1);

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes into the program's <paramref name="address"/> (at
    /// <paramref name="offset"/>, or the file's offset when -1): the count, or -errno when nothing was read.
    /// </summary>
    public static long Transfer(Process* process, int fd, ulong address, ulong count, long offset)
    {
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (count > 0x7FFF_F000)
        {
            count = 0x7FFF_F000; // Linux's limit for one transfer
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
            long read = FileIo.Read(file, chunk, step, offset < 0 ? -1 : offset + (long)done);
            if (read <= 0)
            {
                return done > 0 ? (long)done : read;
            }

            if (UserMemory.CopyOut(process, address + done, chunk, (ulong)read) != 0)
            {
                return done > 0 ? (long)done : -Errno.EFAULT;
            }

            done += (ulong)read;
            if (read < step || file->Kind != OpenFileKind.Vfs)
            {
                break;
            }
        }

        return (long)done;
    }
}
