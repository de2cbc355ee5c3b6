// A lock for work that may be preempted or switch tasks while it runs (the VFS: a file system call walks lists,
// allocates from the heap, copies kilobytes), where turning interrupts off for the whole of it would stall the clock.
// One task holds it at a time, and may take it again inside (a VFS call that makes another); the others sleep on its
// wait queue until the holder's last Exit wakes them. Before the scheduler runs (boot) and on the host there is one
// flow of control, so it only counts. Interrupt handlers must never take it, nor the idle task (neither may sleep).
namespace MeghaOS.Scheduling;

/// <summary>A re-entrant lock whose waiters sleep.</summary>
public unsafe struct SleepLock
{
    private SchedulerTask* _holder;
    private int _depth;
    private WaitQueue _waiters;

    /// <summary>Times the holder has entered without exiting (0: free).</summary>
    public readonly int Depth => _depth;

    /// <summary>Takes the lock, sleeping while another task holds it.</summary>
    public void Enter()
    {
        if (!Scheduler.IsRunning)
        {
            _depth++;
            return;
        }

        bool interrupts = Scheduler.DisableInterrupts();
        SchedulerTask* current = Scheduler.Current;
        while (_holder != null && _holder != current)
        {
            fixed (WaitQueue* waiters = &_waiters)
            {
                Scheduler.Block(waiters);
            }
        }

        _holder = current;
        _depth++;
        Scheduler.RestoreInterrupts(interrupts);
    }

    /// <summary>Gives the lock back once for each <see cref="Enter"/>; the last wakes the sleepers.</summary>
    public void Exit()
    {
        bool interrupts = Scheduler.DisableInterrupts();
        if (_depth > 0 && --_depth == 0)
        {
            _holder = null;
            fixed (WaitQueue* waiters = &_waiters)
            {
                Scheduler.WakeAll(waiters);
            }
        }

        Scheduler.RestoreInterrupts(interrupts);
    }
}
