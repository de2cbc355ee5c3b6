// Tasks waiting for something (input, the next tick, a timed wake-up): an intrusive singly-linked list through the
// tasks' NextWaiting field. Blocking and waking happen with interrupts off (Scheduler.cs), so a wake-up cannot slip
// in between a task's check of its condition and its sleep: no lost wake-ups. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>A queue of blocked tasks.</summary>
public unsafe struct WaitQueue
{
    private SchedulerTask* _first;

    /// <summary>True when no task waits.</summary>
    public readonly bool IsEmpty => _first == null;

    /// <summary>The first waiting task, or null (then follow <see cref="SchedulerTask.NextWaiting"/>).</summary>
    public readonly SchedulerTask* First => _first;

    /// <summary>Adds <paramref name="task"/>, which waits on no other queue.</summary>
    public void Add(SchedulerTask* task)
    {
        task->NextWaiting = _first;
        _first = task;
    }

    /// <summary>Removes <paramref name="task"/> if it is on this queue; true when it was.</summary>
    public bool Remove(SchedulerTask* task)
    {
        if (_first == task)
        {
            _first = task->NextWaiting;
            task->NextWaiting = null;
            return task != null;
        }

        for (SchedulerTask* previous = _first; previous != null; previous = previous->NextWaiting)
        {
            if (previous->NextWaiting == task)
            {
                previous->NextWaiting = task->NextWaiting;
                task->NextWaiting = null;
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes the first waiting task off, or returns null.</summary>
    public SchedulerTask* TakeFirst()
    {
        SchedulerTask* task = _first;
        if (task != null)
        {
            _first = task->NextWaiting;
            task->NextWaiting = null;
        }

        return task;
    }
}
