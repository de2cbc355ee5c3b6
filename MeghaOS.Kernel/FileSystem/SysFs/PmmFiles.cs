// /sys/pmm/stats, /sys/pmm/regions and /sys/pmm/buddyinfo (BuddyInfoFile.cs): the PMM's frame counts (read live through the Pmm facade) and the memory map
// it was built from. /sys/pmm/implementation comes from ImplementationFile like every subsystem's.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Adds the PMM's files to sysfs.</summary>
public static unsafe class PmmFiles
{
    private struct RegionsState
    {
        public MemoryRegion* Regions;
        public int Count;
    }

    /// <summary>
    /// Creates /sys/pmm/implementation, stats, regions and buddyinfo. <paramref name="regions"/> is copied (into the kernel heap),
    /// so the caller's map may go away.
    /// </summary>
    public static VfsStatus Add(in FileSystemOperations sysfs, ReadOnlySpan<MemoryRegion> regions)
    {
        int directory = ImplementationFile.AddDirectory(sysfs, "pmm");
        if (directory < 0)
        {
            return VfsStatus.NoSpace;
        }

        if (!ImplementationFile.Add(sysfs, PmmSubsystem.Id))
        {
            return VfsStatus.NoSpace;
        }

        RegionsState* state = (RegionsState*)Heap.Allocate((nuint)sizeof(RegionsState));
        if (state == null)
        {
            return VfsStatus.NoSpace;
        }

        state->Count = regions.Length;
        state->Regions = null;
        if (regions.Length > 0)
        {
            state->Regions = (MemoryRegion*)Heap.Allocate((nuint)(sizeof(MemoryRegion) * regions.Length));
            if (state->Regions == null)
            {
                Heap.Free(state);
                return VfsStatus.NoSpace;
            }

            for (int i = 0; i < regions.Length; i++)
            {
                state->Regions[i] = regions[i];
            }
        }

        SyntheticFileOperations stats = default;
        stats.Kind = VfsNodeKind.File;
        stats.Render = &RenderStats;

        SyntheticFileOperations map = default;
        map.Kind = VfsNodeKind.File;
        map.Context = state;
        map.Render = &RenderRegions;

        if (SyntheticFileSystem.AddFile(sysfs, directory, "stats"u8, stats) < 0 ||
            SyntheticFileSystem.AddFile(sysfs, directory, "regions"u8, map) < 0 ||
            !BuddyInfoFile.Add(sysfs, directory))
        {
            return VfsStatus.NoSpace;
        }

        return VfsStatus.Success;
    }

    /// <summary>Writes the text of /sys/pmm/stats for the active PMM.</summary>
    public static int RenderStats(void* context, Span<byte> buffer)
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

    private static int RenderRegions(void* context, Span<byte> buffer)
    {
        RegionsState* state = (RegionsState*)context;
        TextBuilder text = new TextBuilder(buffer);
        for (int i = 0; i < state->Count; i++)
        {
            MemoryRegion region = state->Regions[i];
            text.Append("0x"u8);
            text.AppendHex(region.Base, 16);
            text.Append(" 0x"u8);
            text.AppendHex(region.Length, 16);
            text.AppendByte((byte)' ');
            text.Append(MemoryRegionTypeNames.Of(region.Type));
            text.AppendByte((byte)'\n');
        }

        return text.Length;
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
