// sendfile(out_fd, in_fd, offset, count): copies up to count bytes from a file to any writable descriptor (the
// console, a pipe, another file) inside the kernel, a chunk at a time, without the program's buffer: what `busybox
// cat` tries first. With an offset pointer it reads from *offset, writes the new offset back and leaves the file's
// own offset; with null it reads from and advances the file's offset (by what was written). Linux's checks in its
// order: *offset readable (EFAULT), in_fd open for reading (EBADF), an offset given for something without offsets
// (ESPIPE) or negative (EINVAL), out_fd open for writing (EBADF), then EINVAL for an in_fd that is not a file (a pipe,
// the console, a directory) or an out_fd with O_APPEND. As for read and write, bytes moved are returned whatever
// stops the copy; only a copy that moved none returns -errno.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 40.</summary>
public static unsafe class SysSendfile
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        ulong offsetAddress = registers->Rdx;
        long position = 0;
        if (offsetAddress != 0 && UserMemory.CopyIn(process, offsetAddress, &position, sizeof(long)) != 0)
        {
            return -Errno.EFAULT;
        }

        OpenFile* input = ProcessTable.Descriptor(process, (int)registers->Rsi, out int _);
        if (input == null || (input->Flags & SyscallFlags.AccessMode) == SyscallFlags.WriteOnly)
        {
            return -Errno.EBADF;
        }

        if (offsetAddress != 0 && input->Kind != OpenFileKind.Vfs)
        {
            return -Errno.ESPIPE;
        }

        if (position < 0)
        {
            return -Errno.EINVAL;
        }

        OpenFile* output = ProcessTable.Descriptor(process, (int)registers->Rdi, out int _);
        if (output == null || ((output->Flags & SyscallFlags.AccessMode) == SyscallFlags.ReadOnly && output->Kind != OpenFileKind.Console))
        {
            return -Errno.EBADF;
        }

        if (input->Kind != OpenFileKind.Vfs || input->IsDirectory || (output->Flags & SyscallFlags.Append) != 0)
        {
            return -Errno.EINVAL;
        }

        ulong start = offsetAddress != 0 ? (ulong)position : input->Offset;
        ulong count = registers->R10 > UserTransfer.MaxBytes ? UserTransfer.MaxBytes : registers->R10;
        long result = Copy(input, output, start, count);
        ulong end = start + (ulong)(result > 0 ? result : 0);
        if (offsetAddress == 0)
        {
            input->Offset = end;
        }
        else if (UserMemory.CopyOut(process, offsetAddress, &end, sizeof(ulong)) != 0)
        {
            return -Errno.EFAULT;
        }

        return result;
    }

    // Reads the file from `start` and writes what it read to `output` until `count` bytes, the end of the file, or a
    // write that takes less (a full non-blocking pipe, a signal) or fails. The bytes written, or -errno if none were.
    private static long Copy(OpenFile* input, OpenFile* output, ulong start, ulong count)
    {
        byte* chunk = stackalloc byte[FileIo.ChunkBytes];
        ulong done = 0;
        while (done < count)
        {
            int step = count - done < FileIo.ChunkBytes ? (int)(count - done) : FileIo.ChunkBytes;
            long read = FileIo.Read(input, chunk, step, (long)(start + done));
            if (read <= 0)
            {
                return done > 0 ? (long)done : read;
            }

            long written = 0;
            while (written < read)
            {
                long moved = FileIo.Write(output, chunk + written, (int)(read - written), -1);
                if (moved <= 0)
                {
                    done += (ulong)written;
                    return done > 0 ? (long)done : moved;
                }

                written += moved;
            }

            done += (ulong)written;
            if (read < step)
            {
                break;
            }
        }

        return (long)done;
    }
}
