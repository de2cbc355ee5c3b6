// What the scheduling mechanism needs from the machine, which only the kernel can do: give a task a stack it can
// start on, take the stack back, switch the CPU from one task to another, and keep interrupts off around the
// scheduler's own bookkeeping. Host tests leave the stack and switch functions null: the mechanism then only keeps
// the books (which task is current), which is what its tests check.
namespace MeghaOS.Scheduling;

/// <summary>The machine side of the scheduler. Any function may be null (host tests).</summary>
public unsafe struct SchedulerMachine
{
    /// <summary>Gives the task a stack from which switching to it starts its Entry; false when there is no memory.</summary>
    public delegate*<SchedulerTask*, bool> PrepareStack;

    /// <summary>Takes back the stack of a task that will never run again.</summary>
    public delegate*<SchedulerTask*, void> ReleaseStack;

    /// <summary>Saves the running task's context in the first task and resumes the second; returns when the first runs again.</summary>
    public delegate*<SchedulerTask*, SchedulerTask*, void> Switch;

    /// <summary>Turns interrupts off and says whether they were on.</summary>
    public delegate*<bool> DisableInterrupts;

    /// <summary>Turns interrupts back on if the argument says they were.</summary>
    public delegate*<bool, void> RestoreInterrupts;
}
