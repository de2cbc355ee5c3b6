// /sys/pmm/stats, /sys/pmm/regions, /sys/pmm/owners and /sys/pmm/startup: the PMM's frame counts (read live through
// the Pmm facade), the memory map it was built from, every live allocation with its owner (these two as long as the
// map and the allocations are, so they are produced a line at a time), and how the active implementation came up. /sys/pmm/implementation comes from the registry like every subsystem's. Formats:
// docs/files.md.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>The PMM subsystem's own files.</summary>
public static unsafe class PmmFiles
{
    /// <summary>Writes the text of /sys/pmm/stats for the active PMM.</summary>
    public static int RenderStats(Span<byte> buffer)
    {
        PmmCounts counts = Pmm.Counts;
        TextBuilder text = new TextBuilder(buffer);
        Line(ref text, "implementation "u8, Pmm.ImplementationName);
        Line(ref text, "frame_size "u8, PhysicalAddress.FrameSize);
        Line(ref text, "total_frames "u8, counts.TotalFrames);
        Line(ref text, "free_frames "u8, counts.FreeFrames);
        Line(ref text, "allocated_frames "u8, counts.AllocatedFrames);
        Line(ref text, "reserved_frames "u8, counts.ReservedFrames);
        Line(ref text, "total_bytes "u8, counts.TotalFrames * PhysicalAddress.FrameSize);
        Line(ref text, "free_bytes "u8, counts.FreeFrames * PhysicalAddress.FrameSize);
        Line(ref text, "allocated_bytes "u8, counts.AllocatedFrames * PhysicalAddress.FrameSize);
        Line(ref text, "reserved_bytes "u8, counts.ReservedFrames * PhysicalAddress.FrameSize);
        return text.Length;
    }

    /// <summary>Writes the text of /sys/pmm/startup for the active PMM (PmmSubsystem.Startup).</summary>
    public static int RenderStartup(Span<byte> buffer)
    {
        PmmStartup startup = PmmSubsystem.Startup;
        TextBuilder text = new TextBuilder(buffer);
        Line(ref text, "implementation "u8, Pmm.ImplementationName);
        Line(ref text, "activation "u8, startup.TookOver ? "takeover" : "create");
        Line(ref text, "metadata_bytes "u8, startup.MetadataBytes);
        Line(ref text, "cycles "u8, startup.Cycles);
        Line(ref text, "microseconds "u8, startup.Microseconds);
        return text.Length;
    }

    /// <summary>
    /// Appends the text of /sys/pmm/regions: one line per memory map entry, every one of them (a long map does not fit
    /// one render buffer, so the file is produced a line at a time).
    /// </summary>
    public static void ProduceRegions(ref TextWindow window)
    {
        ReadOnlySpan<MemoryRegion> regions = PmmSubsystem.Regions;
        byte* buffer = stackalloc byte[64];
        for (int i = 0; i < regions.Length && window.WantsMore; i++)
        {
            MemoryRegion region = regions[i];
            TextBuilder text = new TextBuilder(new Span<byte>(buffer, 64));
            text.Append("0x"u8);
            text.AppendHex(region.Base, 16);
            text.Append(" 0x"u8);
            text.AppendHex(region.Length, 16);
            text.AppendByte((byte)' ');
            text.Append(MemoryRegionTypeNames.Of(region.Type));
            text.AppendByte((byte)'\n');
            window.Append(text.Text);
        }
    }

    /// <summary>
    /// Appends the text of /sys/pmm/owners for the active PMM: one line per live allocation, in address order,
    /// "0x0000000000053000 16 kernel-heap" (first byte, frame count, owner).
    /// </summary>
    public static void ProduceOwners(ref TextWindow window)
    {
        FrameStateView state = Pmm.State;
        byte* buffer = stackalloc byte[64];
        byte* name = stackalloc byte[FrameOwnerNames.MaxLength];
        for (ulong frame = 0; window.WantsMore && state.TryGetNextAllocation(frame, out ulong start, out ulong count); frame = start + 1)
        {
            TextBuilder line = new TextBuilder(new Span<byte>(buffer, 64));
            line.Append("0x"u8);
            line.AppendHex(PhysicalAddress.FromFrame(start).Value, 16);
            line.AppendByte((byte)' ');
            line.AppendDecimal(count);
            line.AppendByte((byte)' ');
            line.Append(new ReadOnlySpan<byte>(name, FrameOwnerNames.Write(state.OwnerAt(start), new Span<byte>(name, FrameOwnerNames.MaxLength))));
            line.AppendByte((byte)'\n');
            window.Append(line.Text);
        }
    }

    private static void Line(ref TextBuilder text, ReadOnlySpan<byte> key, ulong value)
    {
        text.Append(key);
        text.AppendDecimal(value);
        text.AppendByte((byte)'\n');
    }

    private static void Line(ref TextBuilder text, ReadOnlySpan<byte> key, string value)
    {
        text.Append(key);
        text.Append(value);
        text.AppendByte((byte)'\n');
    }
}
