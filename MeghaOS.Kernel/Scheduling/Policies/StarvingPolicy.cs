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

    private struct State
    {
        public TaskList Ready;
    }

    /// <summary>The descriptor <see cref="SchedulerCatalog"/> lists.</summary>
    public static SchedulerPolicy Policy => new SchedulerPolicy { Name = Name, StateBytes = &StateBytes, Create = &Create };

    private static ulong StateBytes(int maxTasks) => (ulong)sizeof(State);

    private static SchedulerPolicyOperations Create(void* state, int maxTasks) => new SchedulerPolicyOperations
    {
        Name = Name,
        Context = state,
        TaskJoined = &Joined,
        Enqueue = &Enqueue,
        Dequeue = &Dequeue,
        PickNext = &PickNext,
        Tick = &EveryTick,
        Yield = &Nothing,
        TaskLeft = &Nothing,
        WeightChanged = &Nothing,
    };

    private static void Joined(void* context, SchedulerTask* task) => task->Policy = default;

    private static void Enqueue(void* context, SchedulerTask* task) => ((State*)context)->Ready.Append(task);

    private static void Dequeue(void* context, SchedulerTask* task) => ((State*)context)->Ready.Remove(task);

    // The bug on purpose: a linear search for the lowest id, every time.
    private static SchedulerTask* PickNext(void* context)
    {
        State* state = (State*)context;
        SchedulerTask* lowest = null;
        for (SchedulerTask* task = state->Ready.Head; task != null; task = TaskList.Next(task))
        {
            if (lowest == null || task->Id < lowest->Id)
            {
                lowest = task;
            }
        }

        if (lowest != null)
        {
            state->Ready.Remove(lowest);
        }

        return lowest;
    }

    private static bool EveryTick(void* context, SchedulerTask* task) => true;

    private static void Nothing(void* context, SchedulerTask* task)
    {
    }
}
