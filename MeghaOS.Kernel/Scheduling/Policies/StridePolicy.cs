// Stride scheduling ("stride", Waldspurger and Weihl, 1995): proportional share. Each task has a stride inversely
// proportional to its weight and a pass value; the ready task with the lowest pass runs for one tick, then its pass
// grows by its stride. Over many ticks a task of weight 4 runs twice as often as one of weight 2. The ready tasks sit
// in a binary min-heap on pass (each task keeps its heap index), so pick-next and removal cost O(log n), not O(n).
// A task that was blocked joins at the current global pass, so sleeping earns no credit. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>The stride (proportional-share) policy.</summary>
public static unsafe class StridePolicy
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "stride";

    /// <summary>The stride of a task of weight 1; weight w gives BigStride / w.</summary>
    public const ulong BigStride = 1UL << 20;

    private const int PassWord = 0;
    private const int StrideWord = 1;
    private const int HeapIndexWord = 2; // index + 1 in the heap; 0 when not in it

    private struct State
    {
        public ulong GlobalPass;
        public int Count;
        public int Capacity;
        public SchedulerTask** Heap;
    }

    /// <summary>The descriptor <see cref="SchedulerCatalog"/> lists.</summary>
    public static SchedulerPolicy Policy => new SchedulerPolicy { Name = Name, StateBytes = &StateBytes, Create = &Create };

    private static ulong StateBytes(int maxTasks) => (ulong)sizeof(State) + (ulong)maxTasks * (ulong)sizeof(SchedulerTask*);

    private static SchedulerPolicyOperations Create(void* memory, int maxTasks)
    {
        State* state = (State*)memory;
        state->Capacity = maxTasks;
        state->Heap = (SchedulerTask**)(state + 1);
        return new SchedulerPolicyOperations
        {
            Name = Name,
            Context = state,
            TaskJoined = &Joined,
            Enqueue = &Enqueue,
            Dequeue = &Dequeue,
            PickNext = &PickNext,
            Tick = &Tick,
            Yield = &ChargeYield,
            TaskLeft = &Nothing,
            WeightChanged = &WeightChanged,
        };
    }

    /// <summary>The pass value of <paramref name="task"/> (for tests and /sys/sched/tasks readers).</summary>
    public static ulong PassOf(SchedulerTask* task) => task->Policy[PassWord];

    private static void Joined(void* context, SchedulerTask* task)
    {
        task->Policy = default;
        task->Policy[PassWord] = ((State*)context)->GlobalPass;
        WeightChanged(context, task);
    }

    private static void WeightChanged(void* context, SchedulerTask* task) =>
        task->Policy[StrideWord] = BigStride / (task->Weight == 0 ? 1 : task->Weight);

    private static void Enqueue(void* context, SchedulerTask* task)
    {
        State* state = (State*)context;
        if (task->Policy[PassWord] < state->GlobalPass)
        {
            task->Policy[PassWord] = state->GlobalPass;
        }

        if (state->Count == state->Capacity)
        {
            return; // cannot happen: the mechanism never has more tasks than it created the policy for
        }

        int index = state->Count++;
        Place(state, task, index);
        SiftUp(state, index);
    }

    private static void Dequeue(void* context, SchedulerTask* task)
    {
        State* state = (State*)context;
        int index = (int)task->Policy[HeapIndexWord] - 1;
        if (index < 0)
        {
            return;
        }

        RemoveAt(state, index);
    }

    private static SchedulerTask* PickNext(void* context)
    {
        State* state = (State*)context;
        if (state->Count == 0)
        {
            return null;
        }

        SchedulerTask* task = state->Heap[0];
        RemoveAt(state, 0);
        state->GlobalPass = task->Policy[PassWord];
        return task;
    }

    // One tick run: the pass advances by the stride, and the turn is over (the lowest pass is picked again).
    private static bool Tick(void* context, SchedulerTask* task)
    {
        task->Policy[PassWord] += task->Policy[StrideWord];
        return true;
    }

    // A yield counts as a tick used: the task steps back behind the others of equal pass instead of being picked again.
    private static void ChargeYield(void* context, SchedulerTask* task) => Tick(context, task);

    private static void Nothing(void* context, SchedulerTask* task)
    {
    }

    private static void RemoveAt(State* state, int index)
    {
        SchedulerTask* removed = state->Heap[index];
        removed->Policy[HeapIndexWord] = 0;
        int last = --state->Count;
        if (index == last)
        {
            return;
        }

        Place(state, state->Heap[last], index);
        SiftUp(state, index);
        SiftDown(state, (int)state->Heap[index]->Policy[HeapIndexWord] - 1);
    }

    private static void SiftUp(State* state, int index)
    {
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            if (!Before(state->Heap[index], state->Heap[parent]))
            {
                return;
            }

            Swap(state, index, parent);
            index = parent;
        }
    }

    private static void SiftDown(State* state, int index)
    {
        while (true)
        {
            int smallest = index;
            int left = 2 * index + 1;
            int right = left + 1;
            if (left < state->Count && Before(state->Heap[left], state->Heap[smallest]))
            {
                smallest = left;
            }

            if (right < state->Count && Before(state->Heap[right], state->Heap[smallest]))
            {
                smallest = right;
            }

            if (smallest == index)
            {
                return;
            }

            Swap(state, index, smallest);
            index = smallest;
        }
    }

    // Lower pass first; equal passes by id, so the order is deterministic.
    private static bool Before(SchedulerTask* a, SchedulerTask* b) =>
        a->Policy[PassWord] < b->Policy[PassWord] || (a->Policy[PassWord] == b->Policy[PassWord] && a->Id < b->Id);

    private static void Swap(State* state, int a, int b)
    {
        SchedulerTask* first = state->Heap[a];
        Place(state, state->Heap[b], a);
        Place(state, first, b);
    }

    private static void Place(State* state, SchedulerTask* task, int index)
    {
        state->Heap[index] = task;
        task->Policy[HeapIndexWord] = (ulong)index + 1;
    }
}
