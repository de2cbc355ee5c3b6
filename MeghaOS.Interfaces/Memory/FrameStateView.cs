// The PMM's shared truth: four bitmaps with one bit per frame, in the same layout in every implementation.
// A new implementation takes over from the active one by copying these (see Pmm.SetOperations).
namespace MeghaOS.Memory;

/// <summary>
/// A read-only view of an implementation's per-frame bitmaps. Each bitmap has one bit per frame: frame i is bit
/// (i % 64) of word (i / 64), which on little-endian x86 is bit (i % 8) of byte (i / 8). Bits past
/// <see cref="FrameCount"/> up to the end of the last word are 1 in <see cref="Pab"/> and <see cref="Reserved"/>.
/// See docs/pab.md.
/// </summary>
public readonly unsafe struct FrameStateView
{
    /// <summary>Number of frames managed, frame 0 included.</summary>
    public readonly ulong FrameCount;

    /// <summary>The physical allocation bitmap: 1 = not free (allocated or reserved).</summary>
    public readonly ulong* Pab;

    /// <summary>1 = reserved (never handed out).</summary>
    public readonly ulong* Reserved;

    /// <summary>1 = first frame of an allocation. Lets a free check its address and count.</summary>
    public readonly ulong* AllocationStarts;

    /// <summary>1 = the frame has been handed out at least once. Tells a double free from a never-allocated free.</summary>
    public readonly ulong* EverAllocated;

    /// <summary>Creates a view over an implementation's bitmaps.</summary>
    public FrameStateView(ulong frameCount, ulong* pab, ulong* reserved, ulong* allocationStarts, ulong* everAllocated)
    {
        FrameCount = frameCount;
        Pab = pab;
        Reserved = reserved;
        AllocationStarts = allocationStarts;
        EverAllocated = everAllocated;
    }

    /// <summary>Number of 64-bit words in each bitmap.</summary>
    public ulong WordCount => (FrameCount + 63) / 64;

    /// <summary>Length of the PAB in bytes as users see it: one bit per frame, rounded up to a whole byte.</summary>
    public ulong PabByteCount => (FrameCount + 7) / 8;

    /// <summary>The state of frame <paramref name="frameNumber"/>.</summary>
    public FrameState StateOf(ulong frameNumber)
    {
        if (frameNumber >= FrameCount)
        {
            return FrameState.OutOfRange;
        }

        ulong word = frameNumber >> 6;
        ulong mask = 1UL << (int)(frameNumber & 63);
        if ((Reserved[word] & mask) != 0)
        {
            return FrameState.Reserved;
        }

        return (Pab[word] & mask) != 0 ? FrameState.Allocated : FrameState.Free;
    }
}
