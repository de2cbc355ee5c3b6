// The kernel's registration lines for console outputs and timer sources (called from Kernel.RegisterImplementations,
// with the PMM's and the heap's), and applying the boot command line's choices once everything is registered.
// Adding an implementation: one line here.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Subsystems;

/// <summary>Registers console outputs and timer sources, and applies the command line.</summary>
internal static unsafe class SubsystemSetup
{
    private const int MaxCommandLineBytes = 4096;

    private static byte* s_commandLine;
    private static int s_commandLineLength;

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

    /// <summary>Remembers where the Multiboot command line is (the loader's memory stays reserved), if there is one.</summary>
    internal static void KeepCommandLine(byte* multibootInformation)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetCommandLine(information, out uint address))
        {
            return;
        }

        s_commandLine = (byte*)address;
        s_commandLineLength = 0;
        while (s_commandLineLength < MaxCommandLineBytes && s_commandLine[s_commandLineLength] != 0)
        {
            s_commandLineLength++;
        }
    }

    /// <summary>Applies "pmm=... heap=... console=... timer=..." from the command line (after every registration).</summary>
    internal static void ApplyCommandLine()
    {
        if (s_commandLine != null)
        {
            BootOptions.Apply(new ReadOnlySpan<byte>(s_commandLine, s_commandLineLength));
        }
    }
}
