// The one list of PMM implementations. The kernel places each one's metadata at boot and registers it, sysfs lists
// it in /sys/pmm/implementation, and the host contract, handover and model suites, the test harness and the
// benchmarks all read this list; nothing else names the implementations. Adding one: its file, and one line here.
namespace MeghaOS.Memory;

using System;

/// <summary>Every PMM implementation, the default first.</summary>
public static class PmmCatalog
{
    private static readonly PmmImplementation[] s_implementations =
    {
        BitmapPmm.Implementation, // the default: active from boot unless the command line says otherwise
        BuddyPmm.Implementation,
        FrameStackPmm.Implementation,
        CachedPmm.Implementation, // the bitmap behind a front cache of single frames
    };

    /// <summary>The implementations in catalog order (the order /sys/pmm/implementation lists them).</summary>
    public static ReadOnlySpan<PmmImplementation> All => s_implementations;
}
