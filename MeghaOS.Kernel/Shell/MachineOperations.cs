// What the shell needs from the machine that only the kernel can do: restart and stop. The kernel fills this table
// in; host tests fill in a fake that records the calls.
namespace MeghaOS.Shell;

/// <summary>Machine control for the reboot and halt commands. Either pointer may be null (the command then says so).</summary>
public unsafe struct MachineOperations
{
    /// <summary>Passed back to every function.</summary>
    public void* Context;

    /// <summary>Restarts the machine. On real hardware it does not return.</summary>
    public delegate*<void*, void> Reboot;

    /// <summary>Stops the machine. On real hardware it does not return.</summary>
    public delegate*<void*, void> Halt;
}
