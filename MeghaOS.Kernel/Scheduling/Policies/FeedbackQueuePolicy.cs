// A multi-level feedback queue ("mlfq", after Corbato's CTSS and OSTEP's rules): four FIFO levels, the highest
// non-empty one runs first. A task that uses up its slice drops one level (CPU-bound work sinks) and the slices
// double as it sinks; a task that blocks or yields before its slice ends keeps its level (interactive work stays on
// top), though the ticks it used at its level still count, so blocking just before the slice ends cannot game it.
// Every BoostTicks ticks of CPU time used, all tasks go back to the top, so nothing starves: queued ones at once,
// blocked ones when they next become ready (each task remembers the last boost it saw). Pick-next finds the level
// with one bit scan. Weights are not used. Shared code.
namespace MeghaOS.Scheduling;

using System.Numerics;

/// <summary>The multi-level feedback queue policy.</summary>
public static unsafe class FeedbackQueuePolicy
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "mlfq";

    /// <summary>Number of levels; level 0 is the highest.</summary>
    public const int Levels = 4;

    /// <summary>Ticks between two priority boosts (1 s at 100 Hz).</summary>
    public const ulong BoostTicks = 100;

    private const int LevelWord = 2;
    private const int TicksUsedWord = 3;
    private const int BoostSeenWord = 4;

    [System.Runtime.CompilerServices.InlineArray(Levels)]
    private struct LevelQueues
    {
        private TaskList _first;
    }

    private struct State
    {
        public LevelQueues Queues;
        public ulong Ticks;
        public ulong Boosts;
    }

    /// <summary>The descriptor <see cref="SchedulerCatalog"/> lists.</summary>
    public static SchedulerPolicy Policy => new SchedulerPolicy { Name = Name, StateBytes = &StateBytes, Create = &Create };

    /// <summary>Ticks in a slice at <paramref name="level"/>: 1, 2, 4, 8.</summary>
    public static ulong SliceTicks(int level) => 1UL << level;

    /// <summary>The level <paramref name="task"/> is at.</summary>
    public static int LevelOf(SchedulerTask* task) => (int)task->Policy[LevelWord];

    private static ulong StateBytes(int maxTasks) => (ulong)sizeof(State);

    private static SchedulerPolicyOperations Create(void* state, int maxTasks) => new SchedulerPolicyOperations
    {
        Name = Name,
        Context = state,
        TaskJoined = &Joined,
        Enqueue = &Enqueue,
        Dequeue = &Dequeue,
        PickNext = &PickNext,
        Tick = &Tick,
        Yield = &ResetSlice,
        TaskLeft = &Nothing,
        WeightChanged = &Nothing,
    };

    private static ref TaskList Level(State* state, int level) => ref state->Queues[level];

    private static void Joined(void* context, SchedulerTask* task)
    {
        task->Policy = default;
        task->Policy[BoostSeenWord] = ((State*)context)->Boosts;
    }

    private static void Enqueue(void* context, SchedulerTask* task)
    {
        State* state = (State*)context;
        CatchUpWithBoost(state, task);
        Level(state, LevelOf(task)).Append(task);
    }

    // A task that was blocked through a boost gets it now: back to the top, slice fresh.
    private static void CatchUpWithBoost(State* state, SchedulerTask* task)
    {
        if (task->Policy[BoostSeenWord] != state->Boosts)
        {
            task->Policy[LevelWord] = 0;
            task->Policy[TicksUsedWord] = 0;
            task->Policy[BoostSeenWord] = state->Boosts;
        }
    }

    private static void Dequeue(void* context, SchedulerTask* task) => Level((State*)context, LevelOf(task)).Remove(task);

    private static SchedulerTask* PickNext(void* context)
    {
        State* state = (State*)context;
        uint nonEmpty = 0;
        for (int level = 0; level < Levels; level++)
        {
            nonEmpty |= Level(state, level).Count != 0 ? 1u << level : 0;
        }

        return nonEmpty == 0 ? null : Level(state, BitOperations.TrailingZeroCount(nonEmpty)).TakeHead();
    }

    private static bool Tick(void* context, SchedulerTask* task)
    {
        State* state = (State*)context;
        if (++state->Ticks % BoostTicks == 0)
        {
            Boost(state, task);
            return true;
        }

        if (++task->Policy[TicksUsedWord] < SliceTicks(LevelOf(task)))
        {
            return false;
        }

        task->Policy[TicksUsedWord] = 0;
        if (LevelOf(task) < Levels - 1)
        {
            task->Policy[LevelWord]++;
        }

        return true;
    }

    // Every queued task and the running one back to the top level, slices fresh; blocked ones follow when they
    // become ready (CatchUpWithBoost).
    private static void Boost(State* state, SchedulerTask* running)
    {
        state->Boosts++;
        for (int level = 1; level < Levels; level++)
        {
            SchedulerTask* task;
            while ((task = Level(state, level).TakeHead()) != null)
            {
                CatchUpWithBoost(state, task);
                state->Queues[0].Append(task);
            }
        }

        for (SchedulerTask* task = state->Queues[0].Head; task != null; task = TaskList.Next(task))
        {
            CatchUpWithBoost(state, task);
        }

        CatchUpWithBoost(state, running);
    }

    private static void ResetSlice(void* context, SchedulerTask* task) => task->Policy[TicksUsedWord] = 0;

    private static void Nothing(void* context, SchedulerTask* task)
    {
    }
}
