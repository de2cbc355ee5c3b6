// The shell's task commands: ps lists the tasks (the text of /sys/sched/tasks), kill ends one, spin starts
// CPU-bound test tasks so the policies can be watched and tested before user programs exist. A user program's thread
// is never ended by the scheduler directly (its process would stay alive with no thread, holding its memory and
// descriptors, and its parent would wait for ever): kill sends its process SIGKILL through the process table.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.Processes;
using MeghaOS.Scheduling;
using MeghaOS.Subsystems;
using MeghaOS.Syscalls;
using MeghaOS.Text;

/// <summary>Handlers of ps, kill and spin.</summary>
public static unsafe class TaskCommands
{
    /// <summary>Most spin tasks one command starts.</summary>
    public const ulong MaxSpinTasks = 32;

    private static ulong s_spinRounds;

    /// <summary>Loop rounds all spin tasks made so far (they only count).</summary>
    public static ulong SpinRounds => s_spinRounds;

    /// <summary>ps: one line per task, as /sys/sched/tasks shows them.</summary>
    public static void ListTasks(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("ps"u8, "usage: ps"u8);
            return;
        }

        if (!Scheduler.IsRunning)
        {
            ShellOutput.Error("ps"u8, "the scheduler is not running"u8);
            return;
        }

        Span<byte> text = stackalloc byte[4096];
        ShellOutput.Write(text.Slice(0, SchedulerFiles.RenderTasks(text)));
    }

    /// <summary>
    /// kill ID: ends task ID ("killed task ID", or why not); a user program's thread by SIGKILL to its process ("sent
    /// SIGKILL to process P", which ends when its thread next leaves the kernel).
    /// </summary>
    public static void Kill(in ShellArguments arguments)
    {
        if (arguments.Count != 2 || !NumberParse.TryParseUnsigned(arguments[1], out ulong id) || id > int.MaxValue)
        {
            ShellOutput.Error("kill"u8, "usage: kill ID (a task id from ps)"u8);
            return;
        }

        // The task's process is read with interrupts off: the task may exit (and its slot go) at any tick.
        bool interrupts = Scheduler.DisableInterrupts();
        SchedulerTask* task = Scheduler.Find((int)id);
        bool user = task != null && task->Process != null;
        int process = user ? ((Process*)task->Process)->Id : 0;
        Scheduler.RestoreInterrupts(interrupts);
        if (user)
        {
            KillProcess(process);
            return;
        }

        switch (Scheduler.Kill((int)id))
        {
            case TaskRequestStatus.Success:
                ShellOutput.Write("killed task "u8);
                ShellOutput.Decimal(id);
                ShellOutput.NewLine();
                break;
            case TaskRequestStatus.Protected:
                ShellOutput.Error("kill"u8, "the idle and kernel tasks cannot be killed"u8);
                break;
            default:
                ShellOutput.Error("kill"u8, "no such task"u8);
                break;
        }
    }

    private static void KillProcess(int process)
    {
        int status = ProcessTable.Kill(process, SyscallFlags.SignalKill);
        if (status == 0)
        {
            ShellOutput.Write("sent SIGKILL to process "u8);
            ShellOutput.Decimal((ulong)process);
            ShellOutput.NewLine();
        }
        else if (status == -Errno.EPERM)
        {
            ShellOutput.Error("kill"u8, "init (process 1) cannot be killed"u8);
        }
        else
        {
            ShellOutput.Error("kill"u8, "the task's process has already ended"u8);
        }
    }

    /// <summary>spin N [WEIGHT]: starts N tasks that only count, each of the given weight (default 10).</summary>
    public static void Spin(in ShellArguments arguments)
    {
        ulong weight = Scheduler.DefaultWeight;
        if (arguments.Count < 2 || arguments.Count > 3 ||
            !NumberParse.TryParseUnsigned(arguments[1], out ulong count) || count == 0 || count > MaxSpinTasks ||
            (arguments.Count == 3 && (!NumberParse.TryParseUnsigned(arguments[2], out weight) || weight == 0 || weight > Scheduler.MaxWeight)))
        {
            ShellOutput.Error("spin"u8, "usage: spin COUNT [WEIGHT] (COUNT 1 to 32, WEIGHT 1 to 1000)"u8);
            return;
        }

        for (ulong i = 0; i < count; i++)
        {
            int id = Scheduler.Spawn("spin"u8, weight, &SpinForever, null);
            if (id < 0)
            {
                ShellOutput.Error("spin"u8, "no room for another task (the task table or memory is full)"u8);
                return;
            }

            ShellOutput.Write("started task "u8);
            ShellOutput.Decimal((ulong)id);
            ShellOutput.Write(" (spin, weight "u8);
            ShellOutput.Decimal(weight);
            ShellOutput.WriteLine(")"u8);
        }
    }

    // A CPU-bound task: it counts until it is killed; the timer preempts it.
    private static void SpinForever(void* argument)
    {
        while (true)
        {
            s_spinRounds++;
        }
    }
}
