// The states a task (a kernel thread, later a process's thread) moves through. Ready and Running are the policy's
// business; Blocked and Exited are the mechanism's.
namespace MeghaOS.Scheduling;

/// <summary>Where a task is in its life.</summary>
public enum TaskState : byte
{
    /// <summary>The slot holds no task.</summary>
    Unused = 0,

    /// <summary>Able to run and waiting in the policy's queue.</summary>
    Ready,

    /// <summary>On the CPU now (exactly one task, or the idle task).</summary>
    Running,

    /// <summary>Waiting on a wait queue (input, a timed sleep, ...); the policy does not see it.</summary>
    Blocked,

    /// <summary>Ended; its slot and stack are released once another task runs.</summary>
    Exited,
}
