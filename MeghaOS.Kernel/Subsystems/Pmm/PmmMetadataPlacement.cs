// Boot-time bookkeeping of physical memory the PMM must never hand out: the ranges the kernel reserves on top of
// the memory map (its image, the loader's data, what the page tables do not map) and, for every implementation of
// the PMM catalog, the metadata it will use, found in free RAM and reserved before any PMM exists. Whatever cannot be
// recorded or placed is named on the console; an implementation whose metadata has no place is left out, and the
// kernel runs without it. Shared code: the host tests drive it with made-up maps.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Collections;
using MeghaOS.Devices;
using MeghaOS.Memory;

/// <summary>Reserves the kernel's ranges and places each PMM implementation's metadata.</summary>
public static class PmmMetadataPlacement
{
    /// <summary>
    /// Records <paramref name="length"/> bytes at <paramref name="baseAddress"/> as reserved (<paramref name="what"/>
    /// names them in the message). False, with "warning: reserved range ... (what) not recorded: the table of
    /// reserved ranges is full", when <paramref name="reserved"/> is full. An empty range is not recorded.
    /// </summary>
    public static bool Reserve(ref FixedList<PhysicalRange> reserved, ulong baseAddress, ulong length, string what)
    {
        if (length == 0 || reserved.TryAdd(new PhysicalRange(baseAddress, length)))
        {
            return true;
        }

        Terminal.Write("warning: reserved range "u8);
        SubsystemMessages.WriteHex(baseAddress);
        Terminal.Write(" ("u8);
        Terminal.Write(what);
        Terminal.Write(") not recorded: the table of reserved ranges is full\n"u8);
        return false;
    }

    /// <summary>
    /// For each implementation of <paramref name="catalog"/>, in order: the metadata it needs for the frames of
    /// <paramref name="regions"/>, placed in the lowest free range of usable RAM that touches nothing in
    /// <paramref name="reserved"/>, and added to <paramref name="reserved"/>. <paramref name="placements"/> (as long as
    /// the catalog) receives each range, empty for an implementation left out, with a boot message saying why.
    /// Returns how many were placed.
    /// </summary>
    public static int Place(ReadOnlySpan<PmmImplementation> catalog, ReadOnlySpan<MemoryRegion> regions,
        ref FixedList<PhysicalRange> reserved, Span<PhysicalRange> placements)
    {
        ulong frameCount = MemoryMap.FrameCountOf(regions);
        int placed = 0;
        for (int i = 0; i < catalog.Length; i++)
        {
            placements[i] = default;
            ulong bytes = catalog[i].MetadataBytes(frameCount);
            if (bytes == 0)
            {
                SubsystemMessages.BeginLeftOut("pmm", catalog[i].Name);
                Terminal.Write("it manages at most "u8);
                SubsystemMessages.WriteDecimal(catalog[i].MaxFrames);
                Terminal.Write(" frames; the memory map has "u8);
                SubsystemMessages.WriteDecimal(frameCount);
                Terminal.WriteByte((byte)'\n');
                continue;
            }

            if (reserved.IsFull)
            {
                SubsystemMessages.BeginLeftOut("pmm", catalog[i].Name);
                Terminal.Write("the table of reserved ranges is full, so its metadata cannot be reserved\n"u8);
                continue;
            }

            if (!MemoryMap.TryFindFreeRange(regions, reserved.Items, bytes, PhysicalAddress.FrameSize, out PhysicalRange range))
            {
                SubsystemMessages.BeginLeftOut("pmm", catalog[i].Name);
                Terminal.Write("no room for its "u8);
                SubsystemMessages.WriteDecimal((bytes + 1023) / 1024);
                Terminal.Write(" KiB of metadata in free RAM\n"u8);
                continue;
            }

            reserved.TryAdd(range);
            placements[i] = range;
            placed++;
        }

        return placed;
    }
}
