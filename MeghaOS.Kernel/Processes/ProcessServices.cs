// What the process layer needs from the scheduler and the clock, as an operations table: which process runs, blocking
// and waking, ending the running thread, sleeping, time and entropy. There is no way to end another thread: a kill
// makes a signal pending and the target ends itself. The kernel uses SchedulerServices (over Scheduler.cs and the
// Timer facade); host tests put in a fake whose Block runs "the other side" (a writer, a child exiting), so blocking
// paths are tested without threads.
namespace MeghaOS.Processes;

using MeghaOS.Scheduling;

/// <summary>Scheduler and clock operations used by Processes/ and Syscalls/.</summary>
public unsafe struct ProcessServices
{
    /// <summary>The process whose thread runs now, or null when a kernel task runs.</summary>
    public delegate*<Process*> Current;

    /// <summary>Turns interrupts off and says whether they were on.</summary>
    public delegate*<bool> DisableInterrupts;

    /// <summary>Turns interrupts back on when the argument says they were.</summary>
    public delegate*<bool, void> RestoreInterrupts;

    /// <summary>Blocks the running thread on a queue until it is woken (call with interrupts off, after checking).</summary>
    public delegate*<WaitQueue*, void> Block;

    /// <summary>
    /// Blocks the running thread on a queue until it is woken or the uptime reaches the value (ns), whichever comes
    /// first (call with interrupts off, after checking): poll's wait with a timeout.
    /// </summary>
    public delegate*<WaitQueue*, ulong, void> BlockUntil;

    /// <summary>Wakes every thread on a queue.</summary>
    public delegate*<WaitQueue*, void> WakeAll;

    /// <summary>Wakes thread <c>id</c> if it is blocked (on whatever queue), so it sees a pending signal.</summary>
    public delegate*<int, void> Interrupt;

    /// <summary>
    /// Thread <c>id</c> no longer belongs to a process (called as its process ends, interrupts off): the slot may be
    /// reused at once, and nothing may find a new process through the exiting thread.
    /// </summary>
    public delegate*<int, void> DetachThread;

    /// <summary>Ends the running thread. Never returns in the kernel; returns on the host.</summary>
    public delegate*<void> ExitThread;

    /// <summary>
    /// Thread <c>id</c> now runs in the address space with root <c>root</c> (execve swapped it; 0 when exit left it), so
    /// the next switch to the thread loads the right page tables (SchedulerTask.AddressSpaceRoot).
    /// </summary>
    public delegate*<int, ulong, void> SetAddressSpace;

    /// <summary>Gives up the CPU.</summary>
    public delegate*<void> Yield;

    /// <summary>Blocks until the uptime reaches the value (ns).</summary>
    public delegate*<ulong, void> SleepUntil;

    /// <summary>Uptime in nanoseconds.</summary>
    public delegate*<ulong> UptimeNanoseconds;

    /// <summary>A value that differs between calls and boots (seeds getrandom).</summary>
    public delegate*<ulong> Entropy;
}
