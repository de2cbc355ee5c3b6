// The shell's system commands: help, uptime, sleep, clear, reboot, halt, panic, history.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.Devices;
using MeghaOS.Scheduling;
using MeghaOS.Text;

/// <summary>Handlers of the system commands.</summary>
public static unsafe class SystemCommands
{
    /// <summary>help: one line per command.</summary>
    public static void Help(in ShellArguments arguments)
    {
        ShellOutput.Write("commands (numbers: decimal or 0x hexadecimal; arrows up/down: history):\n"u8);
        for (int i = 0; CommandTable.TryGet(i, out ShellCommand command); i++)
        {
            ShellOutput.Write("  "u8);
            ShellOutput.WriteLine(command.Help);
        }
    }

    /// <summary>uptime: "up S.mmm s (timer NAME at F Hz)".</summary>
    public static void Uptime(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("uptime"u8, "usage: uptime"u8);
            return;
        }

        if (!Timer.IsActive)
        {
            ShellOutput.Error("uptime"u8, "no timer is active"u8);
            return;
        }

        ulong milliseconds = Timer.UptimeNanoseconds / 1000000;
        byte* buffer = stackalloc byte[32];
        TextBuilder seconds = new TextBuilder(new Span<byte>(buffer, 32));
        seconds.AppendDecimal(milliseconds / 1000);
        seconds.AppendByte((byte)'.');
        seconds.AppendDecimal(milliseconds % 1000, 3);
        ShellOutput.Write("up "u8);
        ShellOutput.Write(seconds.Text);
        ShellOutput.Write(" s (timer "u8);
        ShellOutput.Write(Timer.ImplementationName);
        ShellOutput.Write(" at "u8);
        ShellOutput.Decimal(Timer.FrequencyHz);
        ShellOutput.Write(" Hz)\n"u8);
    }

    /// <summary>Longest wait `sleep` accepts, in milliseconds.</summary>
    public const ulong MaxSleepMilliseconds = 60000;

    /// <summary>sleep MS: waits MS milliseconds (through the Timer facade, so any source and across switches).</summary>
    public static void Sleep(in ShellArguments arguments)
    {
        if (arguments.Count != 2)
        {
            ShellOutput.Error("sleep"u8, "usage: sleep MILLISECONDS"u8);
            return;
        }

        if (!NumberParse.TryParseUnsigned(arguments[1], out ulong milliseconds) || milliseconds > MaxSleepMilliseconds)
        {
            ShellOutput.Error("sleep"u8, "expected a number of milliseconds from 0 to 60000"u8);
            return;
        }

        if (!Timer.Wait(milliseconds * 1000000))
        {
            ShellOutput.Error("sleep"u8, "no timer is active"u8);
        }
    }

    /// <summary>clear: clears the screen.</summary>
    public static void Clear(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("clear"u8, "usage: clear"u8);
            return;
        }

        ShellOutput.Clear();
    }

    /// <summary>reboot: restarts the machine through the kernel's machine operations.</summary>
    public static void Reboot(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("reboot"u8, "usage: reboot"u8);
            return;
        }

        CallMachine("reboot"u8, CommandShell.Machine.Reboot, "rebooting\n"u8);
    }

    /// <summary>halt: stops the machine through the kernel's machine operations.</summary>
    public static void Halt(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("halt"u8, "usage: halt"u8);
            return;
        }

        CallMachine("halt"u8, CommandShell.Machine.Halt, "halting\n"u8);
    }

    /// <summary>
    /// panic [stack|task|exec]: a deliberate null dereference; with "stack" a deliberate overflow of the kernel task's
    /// stack; with "task" the same overflow in a new task, on the task's own stack (shows the fault handler, and each
    /// stack's guard page); with "exec" a call into data (shows that the direct map is not executable: a page fault
    /// on the instruction fetch, or, on a CPU without NX, an error saying the data ran).
    /// </summary>
    public static void Panic(in ShellArguments arguments)
    {
        if (arguments.Count == 2 && arguments.Is(1, "exec"u8))
        {
            CallMachine("panic"u8, CommandShell.Machine.ExecuteData, "calling a ret placed in the direct map...\n"u8);
            if (CommandShell.Machine.ExecuteData != null)
            {
                ShellOutput.Error("panic"u8, "the direct map ran code: this CPU has no NX"u8);
            }

            return;
        }

        if (arguments.Count == 2 && arguments.Is(1, "stack"u8))
        {
            CallMachine("panic"u8, CommandShell.Machine.OverflowStack, "overflowing the kernel stack...\n"u8);
            return;
        }

        if (arguments.Count == 2 && arguments.Is(1, "task"u8))
        {
            OverflowATaskStack();
            return;
        }

        if (arguments.Count != 1)
        {
            ShellOutput.Error("panic"u8, "usage: panic [stack|task|exec]"u8);
            return;
        }

        CallMachine("panic"u8, CommandShell.Machine.Panic, "dereferencing a null pointer...\n"u8);
    }

    // A task whose entry overflows its stack, then the shell steps aside so it runs.
    private static void OverflowATaskStack()
    {
        if (CommandShell.Machine.OverflowStack == null || !Scheduler.IsRunning)
        {
            ShellOutput.Error("panic"u8, "not available on this machine"u8);
            return;
        }

        // The timer must not run the new task before the line naming it is out (its panic would cut the line).
        bool wereOn = Scheduler.DisableInterrupts();
        int id = Scheduler.Spawn("overflow"u8, Scheduler.DefaultWeight, &OverflowOwnStack, null);
        if (id < 0)
        {
            Scheduler.RestoreInterrupts(wereOn);
            ShellOutput.Error("panic"u8, "no room for another task"u8);
            return;
        }

        ShellOutput.Write("overflowing the stack of task "u8);
        ShellOutput.Decimal((ulong)id);
        ShellOutput.WriteLine("..."u8);
        Scheduler.RestoreInterrupts(wereOn);
        Scheduler.Yield();
    }

    private static void OverflowOwnStack(void* argument) => CommandShell.Machine.OverflowStack(CommandShell.Machine.Context);

    // Says what is about to happen and calls one of the machine's operations, or says the machine has none.
    private static void CallMachine(ReadOnlySpan<byte> command, delegate*<void*, void> operation, ReadOnlySpan<byte> announcement)
    {
        if (operation == null)
        {
            ShellOutput.Error(command, "not available on this machine"u8);
            return;
        }

        ShellOutput.Write(announcement);
        operation(CommandShell.Machine.Context);
    }

    /// <summary>history: the remembered lines, oldest first, numbered.</summary>
    public static void History(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("history"u8, "usage: history"u8);
            return;
        }

        CommandHistory history = CommandShell.History;
        for (int age = history.Count - 1; age >= 0; age--)
        {
            if (history.TryGet(age, out byte* line, out int length))
            {
                ShellOutput.Decimal((ulong)(history.Count - age));
                ShellOutput.Write("  "u8);
                ShellOutput.WriteLine(new ReadOnlySpan<byte>(line, length));
            }
        }
    }
}
