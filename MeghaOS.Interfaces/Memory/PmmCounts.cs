// The frame counts every PMM implementation reports.
namespace MeghaOS.Memory;

/// <summary>Frame counts of a PMM. Total = free + allocated + reserved.</summary>
public readonly struct PmmCounts
{
    /// <summary>Frames the PMM manages: frame 0 up to the end of the highest usable memory, holes included.</summary>
    public readonly ulong TotalFrames;

    /// <summary>Frames an allocation may hand out now.</summary>
    public readonly ulong FreeFrames;

    /// <summary>Frames that are never handed out (see <see cref="FrameState.Reserved"/>).</summary>
    public readonly ulong ReservedFrames;

    /// <summary>Creates a set of counts.</summary>
    public PmmCounts(ulong totalFrames, ulong freeFrames, ulong reservedFrames)
    {
        TotalFrames = totalFrames;
        FreeFrames = freeFrames;
        ReservedFrames = reservedFrames;
    }

    /// <summary>Frames handed out and not yet freed.</summary>
    public ulong AllocatedFrames => TotalFrames - FreeFrames - ReservedFrames;
}
