// One user process: identity (id, parent, name), its address space and memory bounds (program break, mmap area,
// frame limit), its thread (a scheduler task), its file descriptors (indices into the OpenFileTable), its current
// directory, its signals (actions, blocked and pending sets), and how it ended. Lives in the ProcessTable, whose slots never move.
namespace MeghaOS.Processes;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Memory.Paging;
using MeghaOS.Scheduling;

/// <summary>A process. All fields are the ProcessTable's and the system calls'.</summary>
public unsafe struct Process
{
    /// <summary>File descriptors a process can hold (0 to 63).</summary>
    public const int MaxFiles = 64;

    /// <summary>Most bytes of a name.</summary>
    public const int MaxNameLength = 15;

    /// <summary>Process id (1 is init; never 0).</summary>
    public int Id;

    /// <summary>The parent's id; 0 when the kernel started it (or its parent ended and there is no init).</summary>
    public int ParentId;

    /// <summary>Life state.</summary>
    public ProcessState State;

    /// <summary>The scheduler task id of its thread.</summary>
    public int ThreadId;

    /// <summary>For a zombie: the wait status (exit code &lt;&lt; 8, or the signal that ended it).</summary>
    public int WaitStatus;

    /// <summary>Signal actions kept per process (signals 1 to 64).</summary>
    public const int SignalCount = 64;

    /// <summary>Bit n - 1 set: signal n is pending (Linux's sigset_t order). Handled on the next way out of the kernel.</summary>
    public ulong PendingSignals;

    /// <summary>Bit n - 1 set: signal n is blocked (rt_sigprocmask); never SIGKILL or SIGSTOP.</summary>
    public ulong BlockedSignals;

    /// <summary>The blocked mask from before rt_sigsuspend, put back after the signal that ended the wait (see <see cref="HasSuspendedMask"/>).</summary>
    public ulong SuspendedMask;

    /// <summary>True while <see cref="SuspendedMask"/> waits to be put back.</summary>
    public bool HasSuspendedMask;

    /// <summary>Per signal n, at index n - 1: who sent it while pending (a pid; 0: the kernel, si_code SI_KERNEL).</summary>
    public fixed int SignalSenders[SignalCount];

    /// <summary>Per signal n, at (n - 1) * 4: handler, flags, restorer, mask (a <see cref="SignalAction"/>).</summary>
    public fixed ulong SignalActionWords[SignalCount * 4];

    /// <summary>
    /// The lowest pending signal, 0 when none (reading); setting n &gt; 0 makes n pending as the kernel's, 0 clears all.
    /// </summary>
    public int PendingSignal
    {
        readonly get => PendingSignals == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(PendingSignals) + 1;
        set => PendingSignals = value > 0 && value <= SignalCount ? PendingSignals | Signals.Bit(value) : 0;
    }

    /// <summary>The action of signal <paramref name="signal"/> (1 to 64; the caller checks).</summary>
    public readonly SignalAction Action(int signal)
    {
        int at = (signal - 1) * 4;
        return new SignalAction
        {
            Handler = SignalActionWords[at],
            Flags = SignalActionWords[at + 1],
            Restorer = SignalActionWords[at + 2],
            Mask = SignalActionWords[at + 3],
        };
    }

    /// <summary>Sets the action of signal <paramref name="signal"/> (1 to 64; the caller checks).</summary>
    public void SetAction(int signal, in SignalAction action)
    {
        int at = (signal - 1) * 4;
        SignalActionWords[at] = action.Handler;
        SignalActionWords[at + 1] = action.Flags;
        SignalActionWords[at + 2] = action.Restorer;
        SignalActionWords[at + 3] = action.Mask;
    }

    /// <summary>True when signal <paramref name="signal"/> runs a handler of the program.</summary>
    public readonly bool Handles(int signal) =>
        signal > 0 && signal <= SignalCount && signal != Signals.Kill && signal != Signals.Stop && SignalActionWords[(signal - 1) * 4] > SignalAction.Ignore;

    /// <summary>True when signal <paramref name="signal"/> is thrown away (SIG_IGN, or SIG_DFL of a signal whose default is to ignore).</summary>
    public readonly bool Ignores(int signal)
    {
        if (signal <= 0 || signal > SignalCount || signal == Signals.Kill || signal == Signals.Stop)
        {
            return false;
        }

        ulong handler = SignalActionWords[(signal - 1) * 4];
        return handler == SignalAction.Ignore || (handler == SignalAction.Default && Signals.IgnoredByDefault(signal));
    }

    /// <summary>True when signal <paramref name="signal"/> would not end the process (it is ignored or handled).</summary>
    public readonly bool Survives(int signal) => Ignores(signal) || Handles(signal);

    /// <summary>Bytes used in <see cref="Name"/>.</summary>
    public byte NameLength;

    /// <summary>Name (ASCII), the last path component of the program.</summary>
    public fixed byte Name[MaxNameLength + 1];

    /// <summary>Its address space.</summary>
    public AddressSpace Space;

    /// <summary>Frames the space may hold (its memory limit).</summary>
    public ulong FrameLimit;

    /// <summary>First byte of the heap (page-aligned); brk never goes below.</summary>
    public ulong BreakStart;

    /// <summary>The current program break.</summary>
    public ulong Break;

    /// <summary>Next address for an mmap without a fixed address.</summary>
    public ulong MapNext;

    /// <summary>set_tid_address's pointer (kept; no futex wake yet).</summary>
    public ulong ClearChildTid;

    /// <summary>Threads waiting in wait4 for a child of this process to end.</summary>
    public WaitQueue ChildEvents;

    /// <summary>Open-file index + 1 per descriptor (0: free).</summary>
    public fixed int Files[MaxFiles];

    /// <summary>Bit n: descriptor n closes on execve.</summary>
    public ulong CloseOnExec;

    /// <summary>Bytes used in <see cref="WorkingDirectory"/>.</summary>
    public int WorkingDirectoryLength;

    /// <summary>The current directory, canonical and absolute.</summary>
    public fixed byte WorkingDirectory[VfsPath.MaxPathLength];

    /// <summary>The name as a span.</summary>
    public ReadOnlySpan<byte> NameText
    {
        get
        {
            fixed (byte* name = Name)
            {
                return new ReadOnlySpan<byte>(name, NameLength);
            }
        }
    }

    /// <summary>The current directory as a span.</summary>
    public ReadOnlySpan<byte> Directory
    {
        get
        {
            fixed (byte* directory = WorkingDirectory)
            {
                return new ReadOnlySpan<byte>(directory, WorkingDirectoryLength);
            }
        }
    }

    /// <summary>Sets the name (cut to <see cref="MaxNameLength"/> bytes).</summary>
    public void SetName(ReadOnlySpan<byte> name)
    {
        int length = name.Length < MaxNameLength ? name.Length : MaxNameLength;
        for (int i = 0; i < length; i++)
        {
            Name[i] = name[i];
        }

        NameLength = (byte)length;
    }

    /// <summary>Sets the current directory (a canonical absolute path that fits).</summary>
    public void SetDirectory(ReadOnlySpan<byte> path)
    {
        int length = path.Length < VfsPath.MaxPathLength ? path.Length : VfsPath.MaxPathLength;
        for (int i = 0; i < length; i++)
        {
            WorkingDirectory[i] = path[i];
        }

        WorkingDirectoryLength = length;
    }
}
