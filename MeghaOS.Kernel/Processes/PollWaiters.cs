// The wait queue of poll and ppoll. A poller waits for any of several descriptors, but a thread waits on one queue,
// so every place that wakes a read or write wait queue of a pipe or the console (bytes or room in a pipe, an end
// closed, a console line completed) also wakes this one; the woken pollers look at their descriptors again. Waking
// an empty queue is skipped, so readers and writers that nobody polls pay one test.
namespace MeghaOS.Processes;

using MeghaOS.Scheduling;

/// <summary>The threads blocked in poll or ppoll.</summary>
public static unsafe class PollWaiters
{
    /// <summary>A deadline that never comes: wait until woken.</summary>
    public const ulong Forever = ulong.MaxValue;

    private static WaitQueue s_queue;

    /// <summary>Wakes every poller (a descriptor may have become ready). Callable with interrupts off.</summary>
    public static void WakeAll()
    {
        fixed (WaitQueue* queue = &s_queue)
        {
            if (!queue->IsEmpty)
            {
                ProcessTable.WakeAll(queue);
            }
        }
    }

    /// <summary>
    /// Blocks the running thread until <see cref="WakeAll"/> or the uptime <paramref name="deadline"/>
    /// (<see cref="Forever"/>: no deadline). Call with interrupts off, after finding no descriptor ready.
    /// </summary>
    public static void Wait(ulong deadline)
    {
        fixed (WaitQueue* queue = &s_queue)
        {
            if (deadline == Forever)
            {
                ProcessTable.Block(queue);
            }
            else
            {
                ProcessTable.BlockUntil(queue, deadline);
            }
        }
    }

    /// <summary>Forgets every waiter (tests).</summary>
    public static void Reset() => s_queue = default;
}
