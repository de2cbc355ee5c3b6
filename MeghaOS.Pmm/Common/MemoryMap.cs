// Turning a firmware memory map (Multiboot/E820 entries) into the PMM's initial bitmaps, and placing the PMM's own
// metadata in usable RAM. The rules are written down in docs/pmm.md ("Memory map rules"); each has its own test.
namespace MeghaOS.Memory;

using System;

/// <summary>Memory map rules shared by every PMM implementation.</summary>
public static unsafe class MemoryMap
{
    /// <summary>
    /// The number of frames a PMM built from <paramref name="regions"/> manages: one past the highest frame lying
    /// wholly inside a usable entry (so the end of the highest usable entry, rounded down to a whole frame). 0 when
    /// no usable entry holds a whole frame.
    /// </summary>
    public static ulong FrameCountOf(ReadOnlySpan<MemoryRegion> regions)
    {
        ulong frameCount = 0;
        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Type != MemoryRegionType.Usable || region.Length == 0)
            {
                continue;
            }

            ulong first = FirstWholeFrame(region.Base);
            ulong end = region.End >> PhysicalAddress.FrameShift;
            if (end > first && end > frameCount)
            {
                frameCount = end;
            }
        }

        return frameCount;
    }

    /// <summary>
    /// Cuts every usable entry of <paramref name="regions"/> at <paramref name="limitBytes"/> (an entry wholly above it
    /// becomes empty), so a machine with more RAM than the kernel maps or a PMM manages still gets a PMM for what lies
    /// below. Returns the usable bytes cut off; 0 when nothing was above the limit.
    /// </summary>
    public static ulong ClipUsable(Span<MemoryRegion> regions, ulong limitBytes)
    {
        ulong dropped = 0;
        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Type != MemoryRegionType.Usable || region.End <= limitBytes)
            {
                continue;
            }

            ulong kept = region.Base >= limitBytes ? 0 : limitBytes - region.Base;
            dropped += region.Length - kept;
            regions[i] = new MemoryRegion(region.Base, kept, MemoryRegionType.Usable);
        }

        return dropped;
    }

    /// <summary>
    /// Fills <paramref name="table"/> (already attached to memory for <see cref="FrameTable.FrameCount"/> frames) from
    /// a memory map: every frame starts reserved; whole frames inside usable entries become free; then every frame
    /// touched by a non-usable entry, by a range in <paramref name="reserved"/>, or frame 0 is reserved again, so
    /// reserved wins over usable wherever they overlap. Bits past the last frame stay 1 in the PAB and the reserved
    /// bitmap. Entries may be unsorted, overlapping, zero-length or above 4 GiB.
    /// </summary>
    public static void Initialize(ref FrameTable table, ReadOnlySpan<MemoryRegion> regions, ReadOnlySpan<PhysicalRange> reserved)
    {
        ulong frameCount = table.FrameCount;
        FrameBitmap.Fill(table.Pab, table.WordCount, ulong.MaxValue);
        FrameBitmap.Fill(table.Reserved, table.WordCount, ulong.MaxValue);
        FrameBitmap.Fill(table.AllocationStarts, table.WordCount, 0);
        FrameBitmap.Fill(table.EverAllocated, table.WordCount, 0);

        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Type != MemoryRegionType.Usable || region.Length == 0)
            {
                continue;
            }

            ulong first = FirstWholeFrame(region.Base);
            ulong end = Min(region.End >> PhysicalAddress.FrameShift, frameCount);
            FrameBitmap.ClearRange(table.Pab, first, end);
            FrameBitmap.ClearRange(table.Reserved, first, end);
        }

        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Type != MemoryRegionType.Usable && region.Length != 0)
            {
                ReserveBytes(ref table, region.Base, region.End);
            }
        }

        for (int i = 0; i < reserved.Length; i++)
        {
            if (reserved[i].Length != 0)
            {
                ReserveBytes(ref table, reserved[i].Base, reserved[i].End);
            }
        }

        ReserveBytes(ref table, 0, PhysicalAddress.FrameSize);
        table.Recount();
    }

    /// <summary>
    /// Finds the lowest frame-aligned range of at least <paramref name="byteCount"/> bytes (rounded up to whole
    /// frames), aligned to <paramref name="alignmentBytes"/> (a power of two; anything below a frame means a frame),
    /// that lies in whole frames of usable entries and touches no non-usable entry, no range in
    /// <paramref name="reserved"/> and not frame 0. The kernel uses it to place PMM metadata before the PMM exists.
    /// </summary>
    public static bool TryFindFreeRange(ReadOnlySpan<MemoryRegion> regions, ReadOnlySpan<PhysicalRange> reserved,
        ulong byteCount, ulong alignmentBytes, out PhysicalRange range)
    {
        range = default;
        if (byteCount == 0 || (alignmentBytes & (alignmentBytes - 1)) != 0)
        {
            return false;
        }

        ulong frames = (byteCount >> PhysicalAddress.FrameShift) + ((byteCount & (PhysicalAddress.FrameSize - 1)) != 0 ? 1UL : 0);
        ulong alignment = alignmentBytes >> PhysicalAddress.FrameShift;
        if (alignment == 0)
        {
            alignment = 1;
        }

        // The lowest fitting start is frame 1, the start of a usable entry or the end of a blocking range, aligned up.
        ulong best = ulong.MaxValue;
        TryCandidate(regions, reserved, 1, frames, alignment, ref best);
        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Length == 0)
            {
                continue;
            }

            ulong candidate = region.Type == MemoryRegionType.Usable
                ? FirstWholeFrame(region.Base)
                : FirstWholeFrame(region.End);
            TryCandidate(regions, reserved, candidate, frames, alignment, ref best);
        }

        for (int i = 0; i < reserved.Length; i++)
        {
            if (reserved[i].Length != 0)
            {
                TryCandidate(regions, reserved, FirstWholeFrame(reserved[i].End), frames, alignment, ref best);
            }
        }

        if (best == ulong.MaxValue)
        {
            return false;
        }

        range = new PhysicalRange(best << PhysicalAddress.FrameShift, frames << PhysicalAddress.FrameShift);
        return true;
    }

    private static void TryCandidate(ReadOnlySpan<MemoryRegion> regions, ReadOnlySpan<PhysicalRange> reserved,
        ulong candidate, ulong frames, ulong alignment, ref ulong best)
    {
        ulong start = (candidate + alignment - 1) & ~(alignment - 1);
        if (start < candidate || start >= best || frames > (ulong.MaxValue >> PhysicalAddress.FrameShift) - start)
        {
            return;
        }

        ulong end = start + frames;
        if (start == 0 || !IsCoveredByUsable(regions, start, end))
        {
            return;
        }

        for (int i = 0; i < regions.Length; i++)
        {
            MemoryRegion region = regions[i];
            if (region.Type != MemoryRegionType.Usable && region.Length != 0 &&
                TouchesFrames(region.Base, region.End, start, end))
            {
                return;
            }
        }

        for (int i = 0; i < reserved.Length; i++)
        {
            if (reserved[i].Length != 0 && TouchesFrames(reserved[i].Base, reserved[i].End, start, end))
            {
                return;
            }
        }

        best = start;
    }

    // True when the frames [start, end) are all whole frames of usable entries (entries may abut or overlap).
    private static bool IsCoveredByUsable(ReadOnlySpan<MemoryRegion> regions, ulong start, ulong end)
    {
        ulong position = start;
        while (position < end)
        {
            ulong reach = position;
            for (int i = 0; i < regions.Length; i++)
            {
                MemoryRegion region = regions[i];
                if (region.Type != MemoryRegionType.Usable || region.Length == 0)
                {
                    continue;
                }

                ulong first = FirstWholeFrame(region.Base);
                ulong last = region.End >> PhysicalAddress.FrameShift;
                if (first <= position && last > reach)
                {
                    reach = last;
                }
            }

            if (reach == position)
            {
                return false;
            }

            position = reach;
        }

        return true;
    }

    // True when the byte range [baseAddress, endAddress) touches any of the frames [start, end).
    private static bool TouchesFrames(ulong baseAddress, ulong endAddress, ulong start, ulong end)
    {
        ulong firstFrame = baseAddress >> PhysicalAddress.FrameShift;
        ulong endFrame = FirstWholeFrame(endAddress);
        return firstFrame < end && endFrame > start;
    }

    // Reserves every frame the byte range [baseAddress, endAddress) touches, clipped to the managed frames.
    private static void ReserveBytes(ref FrameTable table, ulong baseAddress, ulong endAddress)
    {
        ulong first = baseAddress >> PhysicalAddress.FrameShift;
        ulong end = Min(FirstWholeFrame(endAddress), table.FrameCount);
        FrameBitmap.SetRange(table.Pab, first, end);
        FrameBitmap.SetRange(table.Reserved, first, end);
    }

    // The frame number of the first frame starting at or after the address (the address rounded up to a frame).
    private static ulong FirstWholeFrame(ulong address) =>
        (address >> PhysicalAddress.FrameShift) + ((address & (PhysicalAddress.FrameSize - 1)) != 0 ? 1UL : 0);

    private static ulong Min(ulong a, ulong b) => a < b ? a : b;
}
