// The kernel's registration lines for the switchable subsystems whose implementations live in the kernel proper
// (console outputs, timer sources), and applying the boot command line's choices once everything is registered.
// The heap registers in Memory/KernelHeap.cs, next to the state it creates. Adding an implementation: one line here.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Subsystems;

/// <summary>Registers console outputs and timer sources, and applies the command line.</summary>
internal static unsafe class SubsystemSetup
{
    private const int MaxCommandLineBytes = 4096;

    /// <summary>Registers "serial", "vga" and "both" (this order is the order /sys/console/implementation lists).</summary>
    internal static void RegisterConsoles()
    {
        ConsoleSubsystem.Register(SerialTerminal.Operations);
        ConsoleSubsystem.Register(VgaTerminal.Operations);
        ConsoleSubsystem.Register(MirroredTerminal.Operations);
    }

    /// <summary>Registers "pit" and "tsc" (calibrate the TSC first); timed waits halt between readings.</summary>
    internal static void RegisterTimers()
    {
        TimerSubsystem.Register(ProgrammableIntervalTimer.Operations);
        TimerSubsystem.Register(TimeStampCounter.Operations);
        Timer.SetIdle(&WaitForInterrupt);
    }

    // The PIT's IRQ 0 keeps coming every 10 ms whichever source is active, so a wait always wakes up.
    private static void WaitForInterrupt() => Cpu.WaitForInterrupt();

    /// <summary>Applies "pmm=... heap=... console=... timer=..." from the Multiboot command line, if there is one.</summary>
    internal static void ApplyCommandLine(byte* multibootInformation)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetCommandLine(information, out uint address))
        {
            return;
        }

        byte* text = (byte*)address;
        int length = 0;
        while (length < MaxCommandLineBytes && text[length] != 0)
        {
            length++;
        }

        BootOptions.Apply(new ReadOnlySpan<byte>(text, length));
    }
}
