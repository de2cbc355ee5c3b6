// How the active PMM implementation came up, for /sys/pmm/startup: built from the memory map (Create, at boot) or from
// the previous implementation's state (TakeOver, on a switch), how many bytes of metadata it uses, and how long that
// took, measured around the call in the kernel (PmmSubsystem.cs).
namespace MeghaOS.Subsystems;

/// <summary>The active PMM implementation's start-up: how, its metadata, and its duration.</summary>
public readonly struct PmmStartup
{
    /// <summary>Creates a record.</summary>
    public PmmStartup(bool tookOver, ulong metadataBytes, ulong cycles, ulong microseconds)
    {
        TookOver = tookOver;
        MetadataBytes = metadataBytes;
        Cycles = cycles;
        Microseconds = microseconds;
    }

    /// <summary>True when it took over from another implementation; false when it was created from the memory map.</summary>
    public readonly bool TookOver;

    /// <summary>Bytes of metadata it needs for the frames it manages.</summary>
    public readonly ulong MetadataBytes;

    /// <summary>Cycles of the kernel's cycle counter its Create or TakeOver took (0 without a counter).</summary>
    public readonly ulong Cycles;

    /// <summary>The same in microseconds (0 when the counter's frequency is unknown).</summary>
    public readonly ulong Microseconds;
}
