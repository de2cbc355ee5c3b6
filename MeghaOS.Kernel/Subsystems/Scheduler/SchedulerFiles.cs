// /sys/sched/stats, tasks, watchdog_ms and weight: the scheduler's figures, one line per task, the watchdog's limit
// and the tasks' weights (the last two writable). Formats: docs/files.md.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Scheduling;
using MeghaOS.Text;

/// <summary>The scheduler subsystem's own files.</summary>
public static unsafe class SchedulerFiles
{
    /// <summary>Writes /sys/sched/stats: the policy and the mechanism's counters, "key value" per line.</summary>
    public static int RenderStats(Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.Append("policy "u8);
        text.Append(Scheduler.PolicyName);
        text.AppendByte((byte)'\n');
        Line(ref text, "context_switches "u8, Scheduler.ContextSwitches);
        Line(ref text, "ticks "u8, Scheduler.Ticks);
        Line(ref text, "idle_ticks "u8, Scheduler.IdleTicks);
        Line(ref text, "tick_ns "u8, Scheduler.TickNanoseconds);
        Line(ref text, "ready "u8, (ulong)Scheduler.CountIn(TaskState.Ready));
        Line(ref text, "blocked "u8, (ulong)Scheduler.CountIn(TaskState.Blocked));
        Line(ref text, "tasks "u8, (ulong)(Scheduler.CountIn(TaskState.Ready) + Scheduler.CountIn(TaskState.Running) + Scheduler.CountIn(TaskState.Blocked)));
        Line(ref text, "watchdog_ms "u8, Scheduler.WatchdogMilliseconds);
        Line(ref text, "watchdog_fallbacks "u8, Scheduler.WatchdogFallbacks);
        return text.Length;
    }

    /// <summary>
    /// Writes /sys/sched/tasks: a header, then one line per task (the idle task first): id, parent, state (ready,
    /// running, blocked; the idle task "idle" while it does not run), weight, CPU time in ms, times switched to, name,
    /// in columns.
    /// </summary>
    public static int RenderTasks(Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.Append("   ID PARENT STATE   WEIGHT   CPU_MS SWITCHES NAME\n"u8);
        for (int i = 0; i < Scheduler.Capacity; i++)
        {
            SchedulerTask* task = Scheduler.Slot(i);
            if (task->State == TaskState.Unused || task->State == TaskState.Exited)
            {
                continue;
            }

            text.AppendDecimalPadded((ulong)task->Id, 5);
            text.AppendByte((byte)' ');
            text.AppendDecimalPadded((ulong)task->ParentId, 6);
            text.AppendByte((byte)' ');
            ReadOnlySpan<byte> state = task == Scheduler.Current ? StateName(TaskState.Running)
                : task->Id == Scheduler.IdleTaskId ? "idle"u8 : StateName(task->State);
            text.Append(state);
            text.AppendRepeated((byte)' ', 8 - state.Length);
            text.AppendDecimalPadded(task->Weight, 6);
            text.AppendByte((byte)' ');
            text.AppendDecimalPadded(task->RunTicks * Scheduler.TickNanoseconds / 1_000_000, 8);
            text.AppendByte((byte)' ');
            text.AppendDecimalPadded(task->Switches, 8);
            text.AppendByte((byte)' ');
            text.Append(new ReadOnlySpan<byte>(task->Name, task->NameLength));
            text.AppendByte((byte)'\n');
        }

        return text.Length;
    }

    /// <summary>Writes /sys/sched/watchdog_ms: the limit in milliseconds (0: the watchdog is off).</summary>
    public static int RenderWatchdog(Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.AppendDecimal(Scheduler.WatchdogMilliseconds);
        text.AppendByte((byte)'\n');
        return text.Length;
    }

    /// <summary>Takes a write to /sys/sched/watchdog_ms: one decimal number of milliseconds, at most 60000.</summary>
    public static bool WriteWatchdog(ReadOnlySpan<byte> data)
    {
        if (!NumberParse.TryParseUnsigned(Bytes.Trim(data), out ulong milliseconds) || milliseconds > 60000)
        {
            return false;
        }

        Scheduler.SetWatchdogMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Writes /sys/sched/weight: "ID WEIGHT" per live task.</summary>
    public static int RenderWeights(Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        for (int i = 1; i < Scheduler.Capacity; i++)
        {
            SchedulerTask* task = Scheduler.Slot(i);
            if (task->State == TaskState.Unused || task->State == TaskState.Exited)
            {
                continue;
            }

            text.AppendDecimal((ulong)task->Id);
            text.AppendByte((byte)' ');
            text.AppendDecimal(task->Weight);
            text.AppendByte((byte)'\n');
        }

        return text.Length;
    }

    /// <summary>Takes a write to /sys/sched/weight: "ID WEIGHT", weight 1 to 1000, for a live task.</summary>
    public static bool WriteWeight(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> line = Bytes.Trim(data);
        int space = Bytes.IndexOf(line, (byte)' ');
        if (space <= 0 ||
            !NumberParse.TryParseUnsigned(line.Slice(0, space), out ulong id) ||
            !NumberParse.TryParseUnsigned(Bytes.Trim(line.Slice(space + 1)), out ulong weight) ||
            id > int.MaxValue)
        {
            return false;
        }

        return Scheduler.SetWeight((int)id, weight) == TaskRequestStatus.Success;
    }

    /// <summary>The word a task state is shown as.</summary>
    public static ReadOnlySpan<byte> StateName(TaskState state)
    {
        switch (state)
        {
            case TaskState.Ready: return "ready"u8;
            case TaskState.Running: return "running"u8;
            case TaskState.Blocked: return "blocked"u8;
            case TaskState.Exited: return "exited"u8;
            default: return "unused"u8;
        }
    }

    private static void Line(ref TextBuilder text, ReadOnlySpan<byte> key, ulong value)
    {
        text.Append(key);
        text.AppendDecimal(value);
        text.AppendByte((byte)'\n');
    }
}
