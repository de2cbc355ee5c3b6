// One task as the scheduler sees it: identity, state, accounting, the wait queue link, the policy's slot, and the
// machine's saved context (a stack pointer and the stack it points into, which only the kernel's thread code
// touches). Tasks live in a table the kernel supplies; a task's address never changes while it exists.
namespace MeghaOS.Scheduling;

/// <summary>A schedulable task.</summary>
public unsafe struct SchedulerTask
{
    /// <summary>Most bytes of a task's name.</summary>
    public const int MaxNameLength = 15;

    /// <summary>The task's id (1, 2, ...; 0 is the idle task). Never reused while the kernel runs.</summary>
    public int Id;

    /// <summary>The id of the task that started it (0 for tasks the kernel started).</summary>
    public int ParentId;

    /// <summary>Where the task is in its life.</summary>
    public TaskState State;

    /// <summary>Bytes used in <see cref="Name"/>.</summary>
    public byte NameLength;

    /// <summary>The task's name, in ASCII.</summary>
    public fixed byte Name[MaxNameLength + 1];

    /// <summary>The share the proportional policies give it: CPU time in proportion to weight (1 to 1000).</summary>
    public ulong Weight;

    /// <summary>Timer ticks it spent running.</summary>
    public ulong RunTicks;

    /// <summary>Times it was switched to.</summary>
    public ulong Switches;

    /// <summary>The tick count when it last became ready (for the watchdog).</summary>
    public ulong ReadySinceTick;

    /// <summary>For a timed sleep or a wait with a timeout (BlockUntil): the uptime (ns) at which to wake; 0 otherwise.</summary>
    public ulong WakeAtNanoseconds;

    /// <summary>The next task on the same wait queue.</summary>
    public SchedulerTask* NextWaiting;

    /// <summary>The wait queue it is blocked on, or null.</summary>
    public void* WaitQueue;

    /// <summary>The active policy's per-task data.</summary>
    public PolicyData Policy;

    /// <summary>Where the task starts: a function taking <see cref="EntryArgument"/>.</summary>
    public delegate*<void*, void> Entry;

    /// <summary>Passed to <see cref="Entry"/>.</summary>
    public void* EntryArgument;

    /// <summary>The kernel's saved stack pointer while the task is not running.</summary>
    public ulong SavedStackPointer;

    /// <summary>First byte of the task's stack allocation (its guard page), 0 when it has none of its own.</summary>
    public ulong StackBase;

    /// <summary>Frames of the stack allocation, guard page included.</summary>
    public ulong StackFrames;

    /// <summary>
    /// The root of the address space the task runs in (what CR3 holds while it runs); 0 for a kernel task, which runs
    /// in the kernel's own space.
    /// </summary>
    public ulong AddressSpaceRoot;

    /// <summary>The user process the task is a thread of (Processes/), or null for a kernel task.</summary>
    public void* Process;
}
