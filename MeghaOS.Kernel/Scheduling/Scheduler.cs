// The scheduling mechanism, apart from the policy as in Linux's sched_ext: the task table and each task's state,
// switching, wait queues, timed sleep, CPU-time accounting, policy switches that carry every task over, and the
// watchdog that falls back to the default policy when the active one lets a ready task wait too long. The policy
// (an operations table, Policies/) only orders the ready tasks. Everything here runs with interrupts off (the
// machine's DisableInterrupts), which on one CPU is the scheduler's only lock. Shared code: host tests drive it with a
// fake clock and no machine.
namespace MeghaOS.Scheduling;

using System;
using MeghaOS.Devices;
using MeghaOS.Text;

/// <summary>What asking the scheduler to end or reweight a task can come to.</summary>
public enum TaskRequestStatus
{
    /// <summary>Done.</summary>
    Success = 0,

    /// <summary>No live task has that id.</summary>
    NotFound,

    /// <summary>The idle task and the kernel's own task (the shell) cannot be ended.</summary>
    Protected,

    /// <summary>A weight outside 1 to <see cref="Scheduler.MaxWeight"/>.</summary>
    InvalidWeight,
}

/// <summary>The scheduler: tasks, switching, blocking, accounting, policy switches and the watchdog.</summary>
public static unsafe class Scheduler
{
    /// <summary>The idle task's id: it runs (halting the CPU) when no task is ready, and is never in the policy.</summary>
    public const int IdleTaskId = 0;

    /// <summary>The task the kernel was running when the scheduler started (the shell).</summary>
    public const int KernelTaskId = 1;

    /// <summary>The highest weight a task can have.</summary>
    public const ulong MaxWeight = 1000;

    /// <summary>The weight tasks start with.</summary>
    public const ulong DefaultWeight = 10;

    private static SchedulerTask* s_tasks;
    private static int s_capacity;
    private static SchedulerTask* s_current;
    private static SchedulerPolicyOperations s_policy;
    private static SchedulerPolicyOperations s_fallback;
    private static SchedulerMachine s_machine;
    private static WaitQueue s_sleepers;
    private static SchedulerTask* s_zombie;
    private static int s_nextId;
    private static bool s_needsReschedule;
    private static ulong s_ticks;
    private static ulong s_idleTicks;
    private static ulong s_contextSwitches;
    private static ulong s_fallbacks;
    private static ulong s_watchdogTicks;
    private static ulong s_tickNanoseconds;

    /// <summary>True once <see cref="Initialize"/> ran.</summary>
    public static bool IsRunning => s_tasks != null;

    /// <summary>The active policy's name, or "none".</summary>
    public static string PolicyName => IsRunning ? s_policy.Name : "none";

    /// <summary>The running task (the idle task when none is ready).</summary>
    public static SchedulerTask* Current => s_current;

    /// <summary>True when the running task's turn is over or a task was woken: switch at the next chance.</summary>
    public static bool NeedsReschedule => s_needsReschedule;

    /// <summary>Timer ticks since the scheduler started.</summary>
    public static ulong Ticks => s_ticks;

    /// <summary>Ticks the idle task ran (the CPU had nothing to do).</summary>
    public static ulong IdleTicks => s_idleTicks;

    /// <summary>Switches from one task to another.</summary>
    public static ulong ContextSwitches => s_contextSwitches;

    /// <summary>Times the watchdog declared a policy broken and fell back.</summary>
    public static ulong WatchdogFallbacks => s_fallbacks;

    /// <summary>Milliseconds a ready task may wait before the watchdog declares the policy broken.</summary>
    public static ulong WatchdogMilliseconds => s_watchdogTicks * s_tickNanoseconds / 1_000_000;

    /// <summary>Nanoseconds per timer tick.</summary>
    public static ulong TickNanoseconds => s_tickNanoseconds;

    /// <summary>The task table's slots (any state; <see cref="TaskState.Unused"/> ones hold no task).</summary>
    public static int Capacity => s_capacity;

    /// <summary>
    /// Starts the scheduler over a zeroed table of <paramref name="capacity"/> tasks supplied by the caller. Slot 0
    /// becomes the idle task (running <paramref name="idleEntry"/> on a stack of its own), slot 1 the task the caller
    /// is running now, which becomes the current task. <paramref name="policy"/> orders the ready tasks and
    /// <paramref name="fallback"/> is where the watchdog falls back to. False when the idle task gets no stack.
    /// </summary>
    public static bool Initialize(SchedulerTask* tasks, int capacity, in SchedulerMachine machine, in SchedulerPolicyOperations policy,
        in SchedulerPolicyOperations fallback, ulong tickNanoseconds, ulong watchdogMilliseconds, delegate*<void*, void> idleEntry)
    {
        if (tasks == null || capacity < 2 || !policy.IsComplete || !fallback.IsComplete || tickNanoseconds == 0)
        {
            return false;
        }

        s_capacity = capacity;
        s_machine = machine;
        s_policy = policy;
        s_fallback = fallback;
        s_tickNanoseconds = tickNanoseconds;
        SetWatchdogMilliseconds(watchdogMilliseconds);

        SchedulerTask* idle = &tasks[0];
        Name(idle, "idle"u8);
        idle->Id = IdleTaskId;
        idle->Weight = 1;
        idle->Entry = idleEntry;
        idle->State = TaskState.Ready; // never in the policy: picked when nothing else is
        if (machine.PrepareStack != null && !machine.PrepareStack(idle))
        {
            return false;
        }

        SchedulerTask* kernel = &tasks[1];
        Name(kernel, "kernel"u8);
        kernel->Id = KernelTaskId;
        kernel->Weight = DefaultWeight;
        kernel->State = TaskState.Running;
        s_policy.TaskJoined(s_policy.Context, kernel);
        s_current = kernel;
        s_nextId = KernelTaskId + 1;
        s_tasks = tasks; // last: from here IsRunning is true and a tick may come
        return true;
    }

    /// <summary>Forgets everything (the caller frees the table). For tests.</summary>
    public static void Reset()
    {
        s_tasks = null;
        s_capacity = 0;
        s_current = null;
        s_policy = default;
        s_fallback = default;
        s_machine = default;
        s_sleepers = default;
        s_zombie = null;
        s_nextId = 0;
        s_needsReschedule = false;
        s_ticks = 0;
        s_idleTicks = 0;
        s_contextSwitches = 0;
        s_fallbacks = 0;
        s_watchdogTicks = 0;
        s_tickNanoseconds = 0;
    }

    /// <summary>Task slot <paramref name="index"/> (0 to <see cref="Capacity"/> - 1), whatever its state.</summary>
    public static SchedulerTask* Slot(int index) => index >= 0 && index < s_capacity ? &s_tasks[index] : null;

    /// <summary>The live task with id <paramref name="id"/>, or null.</summary>
    public static SchedulerTask* Find(int id)
    {
        for (int i = 0; i < s_capacity; i++)
        {
            SchedulerTask* task = &s_tasks[i];
            if (task->Id == id && task->State != TaskState.Unused && task->State != TaskState.Exited)
            {
                return task;
            }
        }

        return null;
    }

    /// <summary>Number of tasks in <paramref name="state"/> (the idle task not counted).</summary>
    public static int CountIn(TaskState state)
    {
        int count = 0;
        for (int i = 1; i < s_capacity; i++)
        {
            count += s_tasks[i].State == state ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Starts a task that runs <paramref name="entry"/>(<paramref name="argument"/>) and exits when it returns.
    /// Returns its id, or -1 when the table is full or there is no memory for its stack.
    /// </summary>
    public static int Spawn(ReadOnlySpan<byte> name, ulong weight, delegate*<void*, void> entry, void* argument)
    {
        if (!IsRunning || entry == null || weight == 0 || weight > MaxWeight)
        {
            return -1;
        }

        bool interrupts = Disable();
        SchedulerTask* task = null;
        for (int i = 2; i < s_capacity && task == null; i++)
        {
            task = s_tasks[i].State == TaskState.Unused ? &s_tasks[i] : null;
        }

        int id = -1;
        if (task != null)
        {
            *task = default;
            Name(task, name);
            task->Id = s_nextId;
            task->ParentId = s_current->Id;
            task->Weight = weight;
            task->Entry = entry;
            task->EntryArgument = argument;
            if (s_machine.PrepareStack == null || s_machine.PrepareStack(task))
            {
                id = s_nextId++;
                s_policy.TaskJoined(s_policy.Context, task);
                MakeReady(task);
            }
            else
            {
                *task = default;
            }
        }

        Restore(interrupts);
        return id;
    }

    /// <summary>
    /// Turns interrupts off through the machine and says whether they were on (false on the host). For code outside
    /// the scheduler that must check a condition and block on it without losing a wake-up (pipes, the console).
    /// </summary>
    public static bool DisableInterrupts() => Disable();

    /// <summary>Turns interrupts back on if <paramref name="wereOn"/> says they were.</summary>
    public static void RestoreInterrupts(bool wereOn) => Restore(wereOn);

    /// <summary>The running task gives up the CPU; it stays ready and runs again when the policy picks it.</summary>
    public static void Yield()
    {
        bool interrupts = Disable();
        if (s_current->Id != IdleTaskId)
        {
            s_policy.Yield(s_policy.Context, s_current);
            MakeReady(s_current);
        }

        Reschedule();
        Restore(interrupts);
    }

    /// <summary>
    /// Called at the end of an interrupt (interrupts off) when <see cref="NeedsReschedule"/> is set: the running task
    /// goes back to the policy as ready and the policy's pick runs.
    /// </summary>
    public static void Preempt()
    {
        if (!IsRunning || !s_needsReschedule)
        {
            return;
        }

        if (s_current->Id != IdleTaskId && s_current->State == TaskState.Running)
        {
            MakeReady(s_current);
        }

        Reschedule();
    }

    /// <summary>
    /// Blocks the running task on <paramref name="queue"/> until <see cref="WakeAll"/>. Call it with interrupts off,
    /// after checking the condition waited for, and check it again after: interrupts stay off throughout, so no
    /// wake-up is lost between the check and the sleep.
    /// </summary>
    public static void Block(WaitQueue* queue)
    {
        if (!IsRunning || s_current->Id == IdleTaskId)
        {
            return;
        }

        bool interrupts = Disable(); // already off when the caller follows the rule; this keeps a slip harmless
        s_current->State = TaskState.Blocked;
        s_current->WaitQueue = queue;
        queue->Add(s_current);
        Reschedule();
        Restore(interrupts);
    }

    /// <summary>
    /// Blocks the running task on <paramref name="queue"/> until it is woken there or uptime reaches
    /// <paramref name="uptimeNanoseconds"/>, whichever comes first (a tick takes it off the queue then): a wait with a
    /// timeout, as poll needs. Call with interrupts off, after checking the condition.
    /// </summary>
    public static void BlockUntil(WaitQueue* queue, ulong uptimeNanoseconds)
    {
        if (!IsRunning || s_current->Id == IdleTaskId)
        {
            return;
        }

        bool interrupts = Disable();
        s_current->WakeAtNanoseconds = uptimeNanoseconds == 0 ? 1 : uptimeNanoseconds;
        Block(queue);
        Restore(interrupts);
    }

    /// <summary>Makes every task blocked on <paramref name="queue"/> ready. Callable from interrupt handlers.</summary>
    public static void WakeAll(WaitQueue* queue)
    {
        if (!IsRunning)
        {
            return;
        }

        bool interrupts = Disable();
        SchedulerTask* task;
        while ((task = queue->TakeFirst()) != null)
        {
            task->WaitQueue = null;
            task->WakeAtNanoseconds = 0;
            MakeReady(task);
            s_needsReschedule = true;
        }

        Restore(interrupts);
    }

    /// <summary>
    /// Makes task <paramref name="id"/> ready if it is blocked, taking it off whatever queue it waits on (the others on
    /// that queue stay). For a signal that must reach one sleeping process. True when it was blocked.
    /// </summary>
    public static bool WakeTask(int id)
    {
        if (!IsRunning)
        {
            return false;
        }

        bool interrupts = Disable();
        SchedulerTask* task = Find(id);
        bool blocked = task != null && task->State == TaskState.Blocked && task->WaitQueue != null;
        if (blocked)
        {
            ((WaitQueue*)task->WaitQueue)->Remove(task);
            task->WaitQueue = null;
            task->WakeAtNanoseconds = 0;
            MakeReady(task);
            s_needsReschedule = true;
        }

        Restore(interrupts);
        return blocked;
    }

    /// <summary>Blocks the running task until uptime reaches <paramref name="uptimeNanoseconds"/> (ticks wake it).</summary>
    public static void SleepUntil(ulong uptimeNanoseconds)
    {
        if (!IsRunning)
        {
            return;
        }

        bool interrupts = Disable();
        s_current->WakeAtNanoseconds = uptimeNanoseconds == 0 ? 1 : uptimeNanoseconds;
        fixed (WaitQueue* queue = &s_sleepers)
        {
            Block(queue);
        }

        Restore(interrupts);
    }

    /// <summary>Ends the running task; never returns (the idle and kernel tasks cannot exit and return at once).</summary>
    public static void Exit()
    {
        bool interrupts = Disable();
        if (s_current->Id == IdleTaskId || s_current->Id == KernelTaskId)
        {
            Restore(interrupts);
            return;
        }

        s_policy.TaskLeft(s_policy.Context, s_current);
        s_current->State = TaskState.Exited;
        s_zombie = s_current;
        Reschedule();
        Restore(interrupts); // reached only without a machine (host tests)
    }

    /// <summary>Ends task <paramref name="id"/>, wherever it is; its stack is given back at once unless it is running.</summary>
    public static TaskRequestStatus Kill(int id)
    {
        if (id == IdleTaskId || id == KernelTaskId)
        {
            return Find(id) == null ? TaskRequestStatus.NotFound : TaskRequestStatus.Protected;
        }

        bool interrupts = Disable();
        SchedulerTask* task = Find(id);
        if (task == null)
        {
            Restore(interrupts);
            return TaskRequestStatus.NotFound;
        }

        if (task == s_current)
        {
            Restore(interrupts);
            Exit();
            return TaskRequestStatus.Success;
        }

        if (task->State == TaskState.Ready)
        {
            s_policy.Dequeue(s_policy.Context, task);
        }
        else if (task->State == TaskState.Blocked)
        {
            ((WaitQueue*)task->WaitQueue)->Remove(task);
        }

        s_policy.TaskLeft(s_policy.Context, task);
        task->State = TaskState.Exited;
        Release(task);
        Restore(interrupts);
        return TaskRequestStatus.Success;
    }

    /// <summary>Sets task <paramref name="id"/>'s weight (1 to <see cref="MaxWeight"/>) and tells the policy.</summary>
    public static TaskRequestStatus SetWeight(int id, ulong weight)
    {
        if (weight == 0 || weight > MaxWeight)
        {
            return TaskRequestStatus.InvalidWeight;
        }

        bool interrupts = Disable();
        SchedulerTask* task = Find(id);
        TaskRequestStatus status = TaskRequestStatus.NotFound;
        if (task != null && task->Id != IdleTaskId)
        {
            task->Weight = weight;
            s_policy.WeightChanged(s_policy.Context, task);
            status = TaskRequestStatus.Success;
        }

        Restore(interrupts);
        return status;
    }

    /// <summary>Sets the watchdog's limit (at least one tick; 0 turns the watchdog off).</summary>
    public static void SetWatchdogMilliseconds(ulong milliseconds)
    {
        ulong ticks = s_tickNanoseconds == 0 ? 0 : milliseconds * 1_000_000 / s_tickNanoseconds;
        s_watchdogTicks = milliseconds != 0 && ticks == 0 ? 1 : ticks;
    }

    /// <summary>
    /// Makes <paramref name="policy"/> the active policy. Every task leaves the old one and joins the new one, and
    /// every ready task is queued in the new one, all with interrupts off: none is lost, none runs twice.
    /// </summary>
    public static bool SetPolicy(in SchedulerPolicyOperations policy)
    {
        if (!IsRunning || !policy.IsComplete)
        {
            return false;
        }

        bool interrupts = Disable();
        SchedulerPolicyOperations old = s_policy;
        for (int i = 1; i < s_capacity; i++)
        {
            SchedulerTask* task = &s_tasks[i];
            if (task->State == TaskState.Unused || task->State == TaskState.Exited)
            {
                continue;
            }

            if (task->State == TaskState.Ready)
            {
                old.Dequeue(old.Context, task);
            }

            old.TaskLeft(old.Context, task);
            policy.TaskJoined(policy.Context, task);
            if (task->State == TaskState.Ready)
            {
                policy.Enqueue(policy.Context, task);
            }
        }

        s_policy = policy;
        s_needsReschedule = true;
        ResetReadyClocks(); // the new policy is judged on its own waits, not the old one's
        Restore(interrupts);
        return true;
    }

    /// <summary>
    /// One timer tick (from the timer interrupt, interrupts off; <paramref name="uptimeNanoseconds"/> is the time
    /// now): charges the running task, wakes the sleepers whose time came, asks the policy
    /// whether the running task's turn is over, and runs the watchdog.
    /// </summary>
    public static void Tick(ulong uptimeNanoseconds)
    {
        if (!IsRunning)
        {
            return;
        }

        s_ticks++;
        s_current->RunTicks++;
        WakeSleepers(uptimeNanoseconds);
        if (s_current->Id == IdleTaskId)
        {
            s_idleTicks++;
            s_needsReschedule |= CountIn(TaskState.Ready) != 0;
        }
        else if (s_policy.Tick(s_policy.Context, s_current))
        {
            s_needsReschedule = true;
        }

        Watchdog();
    }

    /// <summary>
    /// Releases the stack of a task that exited while running, once another task runs. The kernel calls it where a
    /// new task starts; <see cref="Reschedule"/> calls it after every switch.
    /// </summary>
    public static void FinishSwitch()
    {
        SchedulerTask* zombie = s_zombie;
        if (zombie != null && zombie != s_current)
        {
            s_zombie = null;
            Release(zombie);
        }
    }

    // The watchdog: a ready task waiting longer than the limit means the policy is broken. Say why, fall back. The
    // fall-back policy itself is the last resort: it is not switched away from (a limit shorter than a full round
    // of its slices would otherwise reorder its queue every time).
    private static void Watchdog()
    {
        if (s_watchdogTicks == 0 || s_policy.Context == s_fallback.Context)
        {
            return;
        }

        // A proportional policy legitimately keeps a light task waiting about (total weight / its weight) ticks:
        // the limit grows to twice that, so only a wait no weight explains counts.
        ulong totalWeight = 0;
        for (int i = 1; i < s_capacity; i++)
        {
            TaskState state = s_tasks[i].State;
            totalWeight += state == TaskState.Ready || state == TaskState.Running ? s_tasks[i].Weight : 0;
        }

        for (int i = 1; i < s_capacity; i++)
        {
            SchedulerTask* task = &s_tasks[i];
            ulong weightedLimit = 2 * totalWeight / (task->Weight == 0 ? 1 : task->Weight);
            ulong limit = weightedLimit > s_watchdogTicks ? weightedLimit : s_watchdogTicks;
            if (task->State != TaskState.Ready || s_ticks - task->ReadySinceTick <= limit)
            {
                continue;
            }

            string broken = s_policy.Name;
            Span<byte> line = stackalloc byte[160];
            TextBuilder text = new TextBuilder(line);
            text.Append("sched: watchdog: policy '"u8);
            text.Append(broken);
            text.Append("' let task "u8);
            text.AppendDecimal((ulong)task->Id);
            text.Append(" ("u8);
            text.Append(new ReadOnlySpan<byte>(task->Name, task->NameLength));
            text.Append(") wait "u8);
            text.AppendDecimal((s_ticks - task->ReadySinceTick) * s_tickNanoseconds / 1_000_000);
            text.Append(" ms; falling back to "u8);
            text.Append(s_fallback.Name);
            text.AppendByte((byte)'\n');
            Terminal.Write(text.Text);
            s_fallbacks++;
            SetPolicy(s_fallback);
            return;
        }
    }

    // After a policy switch every ready task starts its wait anew, so the new policy is judged on its own.
    private static void ResetReadyClocks()
    {
        for (int i = 1; i < s_capacity; i++)
        {
            if (s_tasks[i].State == TaskState.Ready)
            {
                s_tasks[i].ReadySinceTick = s_ticks;
            }
        }
    }

    private static void WakeSleepers(ulong uptimeNanoseconds)
    {
        fixed (WaitQueue* sleepers = &s_sleepers)
        {
            SchedulerTask* task = sleepers->First;
            while (task != null)
            {
                SchedulerTask* next = task->NextWaiting;
                if (task->WakeAtNanoseconds <= uptimeNanoseconds)
                {
                    sleepers->Remove(task);
                    task->WaitQueue = null;
                    task->WakeAtNanoseconds = 0;
                    MakeReady(task);
                    s_needsReschedule = true;
                }

                task = next;
            }

            // Tasks waiting on another queue with a deadline (BlockUntil).
            for (int i = 1; i < s_capacity; i++)
            {
                SchedulerTask* waiting = &s_tasks[i];
                if (waiting->State == TaskState.Blocked && waiting->WakeAtNanoseconds != 0 &&
                    waiting->WakeAtNanoseconds <= uptimeNanoseconds && waiting->WaitQueue != null && waiting->WaitQueue != sleepers)
                {
                    ((WaitQueue*)waiting->WaitQueue)->Remove(waiting);
                    waiting->WaitQueue = null;
                    waiting->WakeAtNanoseconds = 0;
                    MakeReady(waiting);
                    s_needsReschedule = true;
                }
            }
        }
    }

    private static void MakeReady(SchedulerTask* task)
    {
        task->State = TaskState.Ready;
        task->ReadySinceTick = s_ticks;
        s_policy.Enqueue(s_policy.Context, task);
    }

    // The policy picks (the idle task when nothing is ready) and the machine switches. The caller has set the
    // running task's new state (ready and queued, blocked, or exited) and holds interrupts off.
    private static void Reschedule()
    {
        s_needsReschedule = false;
        SchedulerTask* next = s_policy.PickNext(s_policy.Context);
        if (next == null)
        {
            next = &s_tasks[0];
        }

        SchedulerTask* previous = s_current;
        next->State = TaskState.Running;
        if (next == previous)
        {
            return;
        }

        if (previous->Id == IdleTaskId)
        {
            previous->State = TaskState.Ready;
        }

        s_current = next;
        next->Switches++;
        s_contextSwitches++;
        if (s_machine.Switch != null)
        {
            s_machine.Switch(previous, next);
        }

        FinishSwitch();
    }

    private static void Release(SchedulerTask* task)
    {
        if (s_machine.ReleaseStack != null && task->StackBase != 0)
        {
            s_machine.ReleaseStack(task);
        }

        *task = default;
    }

    private static void Name(SchedulerTask* task, ReadOnlySpan<byte> name)
    {
        int length = name.Length < SchedulerTask.MaxNameLength ? name.Length : SchedulerTask.MaxNameLength;
        for (int i = 0; i < length; i++)
        {
            task->Name[i] = name[i];
        }

        task->NameLength = (byte)length;
    }

    private static bool Disable() => s_machine.DisableInterrupts != null && s_machine.DisableInterrupts();

    private static void Restore(bool interrupts)
    {
        if (s_machine.RestoreInterrupts != null)
        {
            s_machine.RestoreInterrupts(interrupts);
        }
    }
}
