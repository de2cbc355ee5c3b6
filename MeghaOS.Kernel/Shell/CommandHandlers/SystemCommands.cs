// The shell's system commands: help, uptime, sleep, clear, reboot, halt, panic, history.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.Devices;
using MeghaOS.Text;

/// <summary>Handlers of the system commands.</summary>
public static unsafe class SystemCommands
{
    /// <summary>help: one line per command.</summary>
    public static void Help(in ShellArguments arguments)
    {
        Terminal.Write("commands (numbers: decimal or 0x hexadecimal; arrows up/down: history):\n"u8);
        for (int i = 0; i < CommandTable.Count; i++)
        {
            Terminal.Write("  "u8);
            ShellOutput.WriteLine(CommandTable.Get(i).Help);
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

        ulong nanoseconds = Timer.UptimeNanoseconds;
        ulong milliseconds = nanoseconds / 1000000;
        Terminal.Write("up "u8);
        ShellOutput.Decimal(milliseconds / 1000);
        Terminal.WriteByte((byte)'.');
        ulong fraction = milliseconds % 1000;
        Terminal.WriteByte((byte)('0' + (int)(fraction / 100)));
        Terminal.WriteByte((byte)('0' + (int)(fraction / 10 % 10)));
        Terminal.WriteByte((byte)('0' + (int)(fraction % 10)));
        Terminal.Write(" s (timer "u8);
        Terminal.Write(Timer.ImplementationName);
        Terminal.Write(" at "u8);
        ShellOutput.Decimal(Timer.FrequencyHz);
        Terminal.Write(" Hz)\n"u8);
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

        Terminal.Clear();
    }

    /// <summary>reboot: restarts the machine through the kernel's machine operations.</summary>
    public static void Reboot(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("reboot"u8, "usage: reboot"u8);
            return;
        }

        MachineOperations machine = CommandShell.Machine;
        if (machine.Reboot == null)
        {
            ShellOutput.Error("reboot"u8, "not available on this machine"u8);
            return;
        }

        Terminal.Write("rebooting\n"u8);
        machine.Reboot(machine.Context);
    }

    /// <summary>halt: stops the machine through the kernel's machine operations.</summary>
    public static void Halt(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("halt"u8, "usage: halt"u8);
            return;
        }

        MachineOperations machine = CommandShell.Machine;
        if (machine.Halt == null)
        {
            ShellOutput.Error("halt"u8, "not available on this machine"u8);
            return;
        }

        Terminal.Write("halting\n"u8);
        machine.Halt(machine.Context);
    }

    /// <summary>
    /// panic [stack]: a deliberate null dereference, or with "stack" a deliberate stack overflow, through the kernel's
    /// machine operations (shows the fault handler, and the stack's guard page).
    /// </summary>
    public static void Panic(in ShellArguments arguments)
    {
        if (arguments.Count == 2 && arguments.Is(1, "stack"u8))
        {
            OverflowStack();
            return;
        }

        if (arguments.Count != 1)
        {
            ShellOutput.Error("panic"u8, "usage: panic [stack]"u8);
            return;
        }

        MachineOperations machine = CommandShell.Machine;
        if (machine.Panic == null)
        {
            ShellOutput.Error("panic"u8, "not available on this machine"u8);
            return;
        }

        Terminal.Write("dereferencing a null pointer...\n"u8);
        machine.Panic(machine.Context);
    }

    private static void OverflowStack()
    {
        MachineOperations machine = CommandShell.Machine;
        if (machine.OverflowStack == null)
        {
            ShellOutput.Error("panic"u8, "not available on this machine"u8);
            return;
        }

        Terminal.Write("overflowing the kernel stack...\n"u8);
        machine.OverflowStack(machine.Context);
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
                Terminal.Write("  "u8);
                ShellOutput.WriteLine(new ReadOnlySpan<byte>(line, length));
            }
        }
    }
}
