// The PMM's shared truth: four bitmaps with one bit per frame, in the same layout in every implementation, and the
// owner of every allocation. A new implementation takes over from the active one by copying these (see
// Pmm.SetOperations). The allocation walks here (which allocation holds a frame, the next allocation, its extent)
// serve everyone who reads the state: /sys/pmm/owners, the shell's messages and the kernel heap's cross-check.
namespace MeghaOS.Memory;

using System.Numerics;

/// <summary>
/// A read-only view of an implementation's per-frame bitmaps and owner bytes. Each bitmap has one bit per frame:
/// frame i is bit (i % 64) of word (i / 64), which on little-endian x86 is bit (i % 8) of byte (i / 8). Bits past
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

    /// <summary>
    /// One byte per frame (<see cref="WordCount"/> * 64 bytes): at an allocation's first frame, its
    /// <see cref="FrameOwner"/>; the bytes of other frames mean nothing.
    /// </summary>
    public readonly byte* Owners;

    /// <summary>Creates a view over an implementation's bitmaps and owner bytes.</summary>
    public FrameStateView(ulong frameCount, ulong* pab, ulong* reserved, ulong* allocationStarts, ulong* everAllocated, byte* owners)
    {
        FrameCount = frameCount;
        Pab = pab;
        Reserved = reserved;
        AllocationStarts = allocationStarts;
        EverAllocated = everAllocated;
        Owners = owners;
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

    /// <summary>The owner of the allocation that starts at frame <paramref name="start"/> (an allocation start).</summary>
    public FrameOwner OwnerAt(ulong start) => (FrameOwner)Owners[start];

    /// <summary>
    /// The allocation that holds frame <paramref name="frame"/>: its first frame and its frame count. False when the
    /// frame is out of range, free or reserved.
    /// </summary>
    public bool TryGetAllocation(ulong frame, out ulong start, out ulong count)
    {
        start = 0;
        count = 0;
        if (StateOf(frame) != FrameState.Allocated)
        {
            return false;
        }

        // The nearest start at or below the frame: every run of allocated frames begins with one.
        ulong word = frame >> 6;
        ulong starts = AllocationStarts[word] & (ulong.MaxValue >> (int)(63 - (frame & 63)));
        while (starts == 0)
        {
            if (word == 0)
            {
                return false;
            }

            starts = AllocationStarts[--word];
        }

        start = (word << 6) + (ulong)(63 - BitOperations.LeadingZeroCount(starts));
        count = ExtentOf(start);
        return frame < start + count;
    }

    /// <summary>
    /// The first allocation starting at or after frame <paramref name="frame"/>: its first frame and frame count.
    /// False when there is none. To walk every allocation, continue from <paramref name="start"/> + 1.
    /// </summary>
    public bool TryGetNextAllocation(ulong frame, out ulong start, out ulong count)
    {
        start = 0;
        count = 0;
        if (frame >= FrameCount)
        {
            return false;
        }

        ulong word = frame >> 6;
        ulong starts = AllocationStarts[word] & (ulong.MaxValue << (int)(frame & 63));
        ulong words = WordCount;
        while (starts == 0)
        {
            if (++word >= words)
            {
                return false;
            }

            starts = AllocationStarts[word];
        }

        start = (word << 6) + (ulong)BitOperations.TrailingZeroCount(starts);
        count = ExtentOf(start);
        return true;
    }

    /// <summary>
    /// Frames of the allocation starting at frame <paramref name="start"/>: the start, then every following frame
    /// that is allocated (in the PAB, not reserved) and not itself a start (the rule free's CountMismatch uses).
    /// </summary>
    public ulong ExtentOf(ulong start)
    {
        ulong frame = start + 1;
        ulong words = WordCount;
        while (frame < FrameCount)
        {
            ulong word = frame >> 6;
            ulong continuation = Pab[word] & ~Reserved[word] & ~AllocationStarts[word];
            ulong notContinuation = ~continuation & (ulong.MaxValue << (int)(frame & 63));
            if (notContinuation != 0)
            {
                ulong end = (word << 6) + (ulong)BitOperations.TrailingZeroCount(notContinuation);
                return (end < FrameCount ? end : FrameCount) - start;
            }

            if (word + 1 >= words)
            {
                break;
            }

            frame = (word + 1) << 6;
        }

        return FrameCount - start;
    }
}
