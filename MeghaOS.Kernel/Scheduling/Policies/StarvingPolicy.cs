// A deliberately broken policy ("starve"), kept in the catalog to show the watchdog at work, as sched_ext's
// watchdog guards against a BPF scheduler that stops dispatching a task: it always runs the ready task with the
// lowest id, so with two busy tasks the other never runs. When a ready task has waited longer than
// /sys/sched/watchdog_ms, the kernel declares the policy broken, says why, and falls back to round-robin. Do not
// copy it. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>The starving policy: lowest id first, always.</summary>
public static unsafe class StarvingPolicy
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "starve";


    /// <summary>The descriptor <see cref="SchedulerCatalog"/> lists.</summary>
    public static SchedulerPolicy Policy => new SchedulerPolicy { Name = Name, StateBytes = &StateBytes, Create = &Create };

    // The state is the queue of ready tasks.
    private static ulong StateBytes(int maxTasks) => (ulong)sizeof(TaskList);

    private static SchedulerPolicyOperations Create(void* state, int maxTasks) => new SchedulerPolicyOperations
    {
        Name = Name,
        Context = state,
        TaskJoined = &TaskList.ClearLinks,
        Enqueue = &TaskList.AppendTo,
        Dequeue = &TaskList.RemoveFrom,
        PickNext = &PickNext,
        Tick = &EveryTick,
        Yield = &Nothing,
        TaskLeft = &Nothing,
        WeightChanged = &Nothing,
    };

    // The bug on purpose: a linear search for the lowest id, every time.
    private static SchedulerTask* PickNext(void* context)
    {
        TaskList* ready = (TaskList*)context;
        SchedulerTask* lowest = null;
        for (SchedulerTask* task = ready->Head; task != null; task = TaskList.Next(task))
        {
            if (lowest == null || task->Id < lowest->Id)
            {
                lowest = task;
            }
        }

        if (lowest != null)
        {
            ready->Remove(lowest);
        }

        return lowest;
    }

    private static bool EveryTick(void* context, SchedulerTask* task) => true;

    private static void Nothing(void* context, SchedulerTask* task)
    {
    }
}
