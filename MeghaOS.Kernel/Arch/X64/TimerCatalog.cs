// The one list of clock sources: the timer subsystem registers them at boot in this order (the first is the
// default) and /sys/timer/implementation lists them so. Adding one: its file, and one line here.
namespace MeghaOS.Arch.X64;

using System;
using MeghaOS.Devices;

/// <summary>Every clock source, the default first.</summary>
internal static class TimerCatalog
{
    private static readonly TimerOperations[] s_implementations =
    {
        ProgrammableIntervalTimer.Operations, // "pit", the default
        TimeStampCounter.Operations,
    };

    /// <summary>The sources in catalog order.</summary>
    internal static ReadOnlySpan<TimerOperations> All => s_implementations;
}
