// Round-robin ("rr"): one FIFO of ready tasks, each runs for a time slice of SliceTicks and goes to the back. Every
// task gets the same share whatever its weight. The default, and where the watchdog falls back to: it cannot starve
// a ready task. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>The round-robin policy.</summary>
public static unsafe class RoundRobinPolicy
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "rr";

    /// <summary>Timer ticks in a time slice (2 ticks: 20 ms at 100 Hz).</summary>
    public const ulong SliceTicks = 2;

    private const int TicksUsedWord = 2;


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
        Tick = &Tick,
        Yield = &ResetSlice,
        TaskLeft = &Nothing,
        WeightChanged = &Nothing,
    };

    private static SchedulerTask* PickNext(void* context) => ((TaskList*)context)->TakeHead();

    private static bool Tick(void* context, SchedulerTask* task)
    {
        if (++task->Policy[TicksUsedWord] < SliceTicks)
        {
            return false;
        }

        task->Policy[TicksUsedWord] = 0;
        return true;
    }

    private static void ResetSlice(void* context, SchedulerTask* task) => task->Policy[TicksUsedWord] = 0;

    private static void Nothing(void* context, SchedulerTask* task)
    {
    }
}
