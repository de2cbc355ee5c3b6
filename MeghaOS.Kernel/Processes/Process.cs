// One user process: identity (id, parent, name), its address space and memory bounds (program break, mmap area,
// frame limit), its thread (a scheduler task), its file descriptors (indices into the OpenFileTable), its current
// directory, and how it ended. Lives in the ProcessTable, whose slots never move.
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

    /// <summary>A signal that will end the process the next time it leaves the kernel (0: none).</summary>
    public int PendingSignal;

    /// <summary>Bit n set: signal n has a handler (rt_sigaction), so it does not end the process; cleared by execve.</summary>
    public ulong HandledSignals;

    /// <summary>Bit n set: signal n is ignored (SIG_IGN); kept across execve, as POSIX says.</summary>
    public ulong IgnoredSignals;

    /// <summary>True when signal <paramref name="signal"/> would not end the process.</summary>
    public readonly bool Survives(int signal) =>
        signal > 0 && signal < 64 && signal != 9 && ((HandledSignals | IgnoredSignals) & (1UL << signal)) != 0;

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
