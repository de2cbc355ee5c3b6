// The scheduling policy's operations table, in the spirit of Linux's struct sched_ext_ops: the mechanism
// (Scheduler.cs) owns the tasks, their states, switching, wait queues and accounting, and asks the policy only which
// ready task runs next and when a running one's turn is over. Every function takes the policy's Context first.
namespace MeghaOS.Scheduling;

/// <summary>A scheduling policy, as the mechanism calls it. Every function pointer is required.</summary>
public unsafe struct SchedulerPolicyOperations
{
    /// <summary>Short lower-case name users see and type: "rr", "stride", "mlfq".</summary>
    public string Name;

    /// <summary>The policy's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>A task joins the policy (created, or carried over in a switch): initialise its policy data.</summary>
    public delegate*<void*, SchedulerTask*, void> TaskJoined;

    /// <summary>The task becomes ready: it must be picked some time.</summary>
    public delegate*<void*, SchedulerTask*, void> Enqueue;

    /// <summary>A ready task stops being ready (it blocks, exits or leaves the policy) before it was picked.</summary>
    public delegate*<void*, SchedulerTask*, void> Dequeue;

    /// <summary>Takes the ready task to run next out of the queue; null when none is ready.</summary>
    public delegate*<void*, SchedulerTask*> PickNext;

    /// <summary>The running task was charged one timer tick; true when its time slice is over.</summary>
    public delegate*<void*, SchedulerTask*, bool> Tick;

    /// <summary>The running task gives the CPU up of its own accord (it will be enqueued again).</summary>
    public delegate*<void*, SchedulerTask*, void> Yield;

    /// <summary>A task leaves the policy (exited, or carried away by a switch).</summary>
    public delegate*<void*, SchedulerTask*, void> TaskLeft;

    /// <summary>A task's weight changed (the task may be ready, running or blocked).</summary>
    public delegate*<void*, SchedulerTask*, void> WeightChanged;

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete =>
        Name != null && TaskJoined != null && Enqueue != null && Dequeue != null && PickNext != null && Tick != null &&
        Yield != null && TaskLeft != null && WeightChanged != null;
}
