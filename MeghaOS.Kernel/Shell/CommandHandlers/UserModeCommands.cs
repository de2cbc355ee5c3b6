// The shell's ring3 command: runs one of the kernel's built-in ring 3 probes (a few bytes of machine code in an
// address space of its own, Arch/X64/UserProbes.cs) through the machine table, to show the CPU stopping user code at
// every privileged instruction and kernel address, or times a null system call (`ring3 bench`).
namespace MeghaOS.Shell.CommandHandlers;

using System;

/// <summary>Handler of ring3.</summary>
public static unsafe class UserModeCommands
{
    /// <summary>ring3 probe NAME | ring3 probe (lists the names) | ring3 bench.</summary>
    public static void Ring3(in ShellArguments arguments)
    {
        MachineOperations machine = CommandShell.Machine;
        if (machine.RunUserProbe == null || machine.WriteUserProbeNames == null)
        {
            ShellOutput.Error("ring3"u8, "user mode is not available on this machine"u8);
            return;
        }

        if (arguments.Count == 2 && arguments.Is(1, "bench"u8))
        {
            machine.RunUserProbe(machine.Context, "bench"u8);
            return;
        }

        if (arguments.Count == 3 && arguments.Is(1, "probe"u8) && machine.RunUserProbe(machine.Context, arguments[2]))
        {
            return;
        }

        if (arguments.Count == 3 && arguments.Is(1, "probe"u8))
        {
            ShellOutput.Write("ring3: no probe '"u8);
            ShellOutput.Write(arguments[2]);
            ShellOutput.Write("'; "u8);
        }
        else if (!(arguments.Count == 2 && arguments.Is(1, "probe"u8)))
        {
            ShellOutput.Error("ring3"u8, "usage: ring3 probe [NAME] | ring3 bench"u8);
            return;
        }

        ShellOutput.Write("probes: "u8);
        machine.WriteUserProbeNames(machine.Context);
        ShellOutput.NewLine();
    }
}
