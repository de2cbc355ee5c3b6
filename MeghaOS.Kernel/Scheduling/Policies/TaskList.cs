// A FIFO of tasks linked through the first two words of their policy data (next, previous), for the policies
// that keep ready tasks in queues: O(1) append, removal and taking the head. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>An intrusive doubly-linked queue of tasks (policy data words 0 and 1).</summary>
public unsafe struct TaskList
{
    private SchedulerTask* _head;
    private SchedulerTask* _tail;
    private int _count;

    /// <summary>Tasks in the queue.</summary>
    public readonly int Count => _count;

    /// <summary>The first task, or null.</summary>
    public readonly SchedulerTask* Head => _head;

    /// <summary>Appends <paramref name="task"/> (which must be in no list).</summary>
    public void Append(SchedulerTask* task)
    {
        Next(task) = null;
        Previous(task) = _tail;
        if (_tail != null)
        {
            Next(_tail) = task;
        }
        else
        {
            _head = task;
        }

        _tail = task;
        _count++;
    }

    /// <summary>Unlinks <paramref name="task"/>, which must be in this list.</summary>
    public void Remove(SchedulerTask* task)
    {
        SchedulerTask* next = Next(task);
        SchedulerTask* previous = Previous(task);
        if (previous != null)
        {
            Next(previous) = next;
        }
        else
        {
            _head = next;
        }

        if (next != null)
        {
            Previous(next) = previous;
        }
        else
        {
            _tail = previous;
        }

        Next(task) = null;
        Previous(task) = null;
        _count--;
    }

    /// <summary>Takes the first task off, or returns null.</summary>
    public SchedulerTask* TakeHead()
    {
        SchedulerTask* task = _head;
        if (task != null)
        {
            Remove(task);
        }

        return task;
    }

    /// <summary>An operations-table Enqueue for a policy whose context is one TaskList: appends the task.</summary>
    public static void AppendTo(void* list, SchedulerTask* task) => ((TaskList*)list)->Append(task);

    /// <summary>An operations-table Dequeue for a policy whose context is one TaskList: unlinks the task.</summary>
    public static void RemoveFrom(void* list, SchedulerTask* task) => ((TaskList*)list)->Remove(task);

    /// <summary>An operations-table TaskJoined for the queue policies: clears the task's policy data (its links).</summary>
    public static void ClearLinks(void* context, SchedulerTask* task) => task->Policy = default;

    /// <summary>The task after <paramref name="task"/> in its list, or null.</summary>
    public static ref SchedulerTask* Next(SchedulerTask* task) => ref *(SchedulerTask**)&((ulong*)&task->Policy)[0];

    private static ref SchedulerTask* Previous(SchedulerTask* task) => ref *(SchedulerTask**)&((ulong*)&task->Policy)[1];
}
