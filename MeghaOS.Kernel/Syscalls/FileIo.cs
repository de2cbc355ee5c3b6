// Reading and writing an open file description with kernel buffers, whatever it refers to: a VFS file (at its offset,
// or at the end with O_APPEND), a pipe end (waiting for bytes or room, end of file when no writer is left, SIGPIPE and EPIPE when
// no reader is), or the console (the line discipline in, the terminal out). The read and write system calls
// reach it through UserTransfer.cs, which copies between these buffers and the program.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Processes;
using MeghaOS.Scheduling;

/// <summary>Reads and writes open files.</summary>
public static unsafe class FileIo
{
    /// <summary>Bytes a system call moves per step through its kernel buffer.</summary>
    public const int ChunkBytes = 1024;

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes at <paramref name="offset"/> (a VFS file; -1: the file's own offset,
    /// which advances). Returns the count (0: end of file), or -errno.
    /// </summary>
    public static long Read(OpenFile* file, byte* buffer, int count, long offset)
    {
        if ((file->Flags & SyscallFlags.AccessMode) == SyscallFlags.WriteOnly)
        {
            return -Errno.EBADF;
        }

        switch (file->Kind)
        {
            case OpenFileKind.Console:
                return ConsoleLineDiscipline.Read(buffer, count);
            case OpenFileKind.PipeRead:
                return ReadPipe(file, buffer, count);
            case OpenFileKind.Vfs:
                if (file->IsDirectory)
                {
                    return -Errno.EISDIR;
                }

                ulong at = offset < 0 ? file->Offset : (ulong)offset;
                VfsStatus status = Vfs.Read(file->File, at, new Span<byte>(buffer, count), out int read);
                if (status != VfsStatus.Success)
                {
                    // Reading past the end of a file is end of file, not an error.
                    return status == VfsStatus.InvalidArgument ? 0 : -Errno.FromVfs(status);
                }

                if (offset < 0)
                {
                    file->Offset = at + (ulong)read;
                }

                return read;
            default:
                return -Errno.EBADF;
        }
    }

    /// <summary>Writes <paramref name="count"/> bytes (at <paramref name="offset"/>, or -1 as for Read): the count written or -errno.</summary>
    public static long Write(OpenFile* file, byte* buffer, int count, long offset)
    {
        if ((file->Flags & SyscallFlags.AccessMode) == SyscallFlags.ReadOnly && file->Kind != OpenFileKind.Console)
        {
            return -Errno.EBADF;
        }

        switch (file->Kind)
        {
            case OpenFileKind.Console:
                Terminal.Write(new ReadOnlySpan<byte>(buffer, count));
                return count;
            case OpenFileKind.PipeWrite:
                return WritePipe(file, buffer, count);
            case OpenFileKind.Vfs:
                ulong at = offset >= 0 ? (ulong)offset : file->Offset;
                if (offset < 0 && (file->Flags & SyscallFlags.Append) != 0 && Vfs.Stat(file->File, out VfsStat stat) == VfsStatus.Success)
                {
                    at = stat.Size;
                }

                VfsStatus status = Vfs.Write(file->File, at, new ReadOnlySpan<byte>(buffer, count), out int written);
                if (status != VfsStatus.Success)
                {
                    return -Errno.FromVfs(status);
                }

                if (offset < 0)
                {
                    file->Offset = at + (ulong)written;
                }

                return written;
            default:
                return -Errno.EBADF;
        }
    }

    private static long ReadPipe(OpenFile* file, byte* buffer, int count)
    {
        Pipe* pipe = OpenFileTable.GetPipe(file->Pipe);
        while (true)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            if (pipe->Count > 0 || pipe->Writers == 0)
            {
                int taken = pipe->Take(buffer, count);
                ProcessTable.WakeAll(&pipe->WriteWaiters);
                PollWaiters.WakeAll();
                ProcessTable.RestoreInterrupts(interrupts);
                return taken;
            }

            if ((file->Flags & SyscallFlags.NonBlock) != 0 || ProcessTable.CurrentHasPendingSignal())
            {
                ProcessTable.RestoreInterrupts(interrupts);
                return (file->Flags & SyscallFlags.NonBlock) != 0 ? -Errno.EAGAIN : -Errno.EINTR;
            }

            ProcessTable.Block(&pipe->ReadWaiters);
            ProcessTable.RestoreInterrupts(interrupts);
        }
    }

    // Waits until the whole write fits when it is at most a pipe's capacity (atomic), else writes as room appears.
    private static long WritePipe(OpenFile* file, byte* buffer, int count)
    {
        Pipe* pipe = OpenFileTable.GetPipe(file->Pipe);
        int written = 0;
        while (written < count)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            if (pipe->Readers == 0)
            {
                ProcessTable.RestoreInterrupts(interrupts);
                if (written > 0)
                {
                    return written;
                }

                // As on Linux, SIGPIPE ends the writer on its way out unless it ignores or handles the signal;
                // then it sees EPIPE.
                Process* writer = ProcessTable.Current;
                if (writer != null && writer->Id != 1) // init gets only the signals it handles, as on Linux
                {
                    ProcessTable.Kill(writer->Id, SyscallFlags.SignalPipe);
                }

                return -Errno.EPIPE;
            }

            int room = Pipe.Capacity - pipe->Count;
            int wanted = count - written;
            if (room > 0 && (wanted > Pipe.Capacity || room >= wanted))
            {
                written += pipe->Put(buffer + written, wanted);
                ProcessTable.WakeAll(&pipe->ReadWaiters);
                PollWaiters.WakeAll();
                ProcessTable.RestoreInterrupts(interrupts);
                continue;
            }

            if ((file->Flags & SyscallFlags.NonBlock) != 0 || ProcessTable.CurrentHasPendingSignal())
            {
                ProcessTable.RestoreInterrupts(interrupts);
                return written > 0 ? written : (file->Flags & SyscallFlags.NonBlock) != 0 ? -Errno.EAGAIN : -Errno.EINTR;
            }

            ProcessTable.Block(&pipe->WriteWaiters);
            ProcessTable.RestoreInterrupts(interrupts);
        }

        return written;
    }
}
