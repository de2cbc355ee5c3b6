// What poll and ppoll share: the readiness of one open file (POLLIN, POLLOUT, POLLHUP, POLLERR as Linux reports them
// for a terminal, a pipe end and a regular file), and the wait itself: copy the struct pollfd array in, look at every
// descriptor with interrupts off, and if none is ready wait on PollWaiters (which every pipe and console wake-up
// also wakes) until one is, the deadline passes, or a signal is pending (EINTR); then copy each revents out.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>poll(2)'s events and the wait behind poll and ppoll.</summary>
public static unsafe class Poll
{
    /// <summary>POLLIN: a read would not wait.</summary>
    public const short In = 0x001;

    /// <summary>POLLPRI: urgent data (never, here).</summary>
    public const short Priority = 0x002;

    /// <summary>POLLOUT: a write would not wait.</summary>
    public const short Out = 0x004;

    /// <summary>POLLERR: the write end of a pipe with no reader left (reported even when not asked for).</summary>
    public const short Error = 0x008;

    /// <summary>POLLHUP: the read end of a pipe with no writer left (reported even when not asked for).</summary>
    public const short HangUp = 0x010;

    /// <summary>POLLNVAL: the descriptor is not open.</summary>
    public const short Invalid = 0x020;

    /// <summary>POLLRDNORM: set with POLLIN.</summary>
    public const short ReadNormal = 0x040;

    /// <summary>POLLWRNORM: set with POLLOUT.</summary>
    public const short WriteNormal = 0x100;

    /// <summary>Bytes of one struct pollfd: int fd, short events, short revents.</summary>
    public const int EntryBytes = 8;

    /// <summary>Most entries one call takes: the process's descriptor limit, as Linux's is RLIMIT_NOFILE.</summary>
    public const int MaxEntries = Process.MaxFiles;

    /// <summary>
    /// Everything <paramref name="file"/> is ready for (before masking with what was asked): a regular file or a
    /// directory is always readable and writable, the console writable and readable once a line is complete, a
    /// pipe's read end readable with bytes in it and hung up with no writer, its write end writable with room and in
    /// error with no reader.
    /// </summary>
    public static short Readiness(OpenFile* file)
    {
        switch (file->Kind)
        {
            case OpenFileKind.Console:
                return (short)(Out | WriteNormal | (ConsoleLineDiscipline.HasLine ? In | ReadNormal : 0));
            case OpenFileKind.PipeRead:
            {
                Pipe* pipe = OpenFileTable.GetPipe(file->Pipe);
                return (short)((pipe->Count > 0 ? In | ReadNormal : 0) | (pipe->Writers == 0 ? HangUp : 0));
            }

            case OpenFileKind.PipeWrite:
            {
                Pipe* pipe = OpenFileTable.GetPipe(file->Pipe);
                return (short)((pipe->Count < Pipe.Capacity ? Out | WriteNormal : 0) | (pipe->Readers == 0 ? Error : 0));
            }

            case OpenFileKind.Vfs:
                return In | Out | ReadNormal | WriteNormal;
            default:
                return Invalid;
        }
    }

    /// <summary>
    /// Polls the <paramref name="count"/> struct pollfd at <paramref name="address"/> until one is ready or uptime
    /// reaches <paramref name="deadline"/> (<see cref="PollWaiters.Forever"/>: no deadline; a deadline already
    /// passed, such as 0, only looks once). Returns how many entries have revents, or -EINVAL (too many entries),
    /// -EFAULT, -EINTR (a signal is pending; nothing is written then).
    /// </summary>
    public static long Wait(Process* process, ulong address, ulong count, ulong deadline)
    {
        if (count > MaxEntries)
        {
            return -Errno.EINVAL;
        }

        int entries = (int)count;
        byte* table = stackalloc byte[MaxEntries * EntryBytes];
        if (entries > 0 && UserMemory.CopyIn(process, address, table, (ulong)(entries * EntryBytes)) != 0)
        {
            return -Errno.EFAULT;
        }

        int ready;
        while (true)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            ready = Scan(process, table, entries);
            if (ready > 0)
            {
                ProcessTable.RestoreInterrupts(interrupts);
                break;
            }

            // Linux looks for a signal before the timeout, so even a poll that only looks gives EINTR then.
            if (ProcessTable.CurrentHasPendingSignal())
            {
                ProcessTable.RestoreInterrupts(interrupts);
                return -Errno.EINTR;
            }

            if (Clock.Now >= deadline)
            {
                ProcessTable.RestoreInterrupts(interrupts);
                break;
            }

            PollWaiters.Wait(deadline);
            ProcessTable.RestoreInterrupts(interrupts);
        }

        for (int i = 0; i < entries; i++)
        {
            if (UserMemory.CopyOut(process, address + (ulong)(i * EntryBytes) + 6, table + i * EntryBytes + 6, 2) != 0)
            {
                return -Errno.EFAULT;
            }
        }

        return ready;
    }

    // Fills each entry's revents; returns how many are not 0. A negative fd is skipped (revents 0).
    private static int Scan(Process* process, byte* table, int entries)
    {
        int ready = 0;
        for (int i = 0; i < entries; i++)
        {
            byte* entry = table + i * EntryBytes;
            int fd = *(int*)entry;
            short events = *(short*)(entry + 4);
            short revents = 0;
            if (fd >= 0)
            {
                OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
                revents = file == null ? Invalid : (short)(Readiness(file) & (events | Error | HangUp));
            }

            *(short*)(entry + 6) = revents;
            ready += revents != 0 ? 1 : 0;
        }

        return ready;
    }
}
