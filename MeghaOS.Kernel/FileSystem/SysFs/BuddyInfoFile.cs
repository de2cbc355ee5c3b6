// /sys/pmm/buddyinfo, present while the buddy implementation is active: the number of free blocks of each order
// (order k = 2^k contiguous, naturally aligned frames), like Linux's /proc/buddyinfo. It is computed from the live PAB:
// a buddy allocator that merges freed buddies at once holds exactly the largest aligned free blocks, so splitting
// every free run greedily into those blocks gives its free lists' lengths without reaching into its internals.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>Adds /sys/pmm/buddyinfo.</summary>
public static unsafe class BuddyInfoFile
{
    /// <summary>Highest order shown (the buddy implementation's largest block, 2^20 frames = 4 GiB).</summary>
    public const int MaxOrder = 20;

    /// <summary>The implementation name the file appears for.</summary>
    public const string ImplementationName = "buddy";

    /// <summary>Creates the file in directory <paramref name="pmmDirectory"/> of sysfs; false when sysfs is full.</summary>
    public static bool Add(in FileSystemOperations sysfs, int pmmDirectory)
    {
        SyntheticFileOperations file = default;
        file.Kind = VfsNodeKind.File;
        file.Render = &Render;
        file.IsPresent = &IsBuddyActive;
        return SyntheticFileSystem.AddFile(sysfs, pmmDirectory, "buddyinfo"u8, file) >= 0;
    }

    /// <summary>Counts free blocks per order in <paramref name="state"/> into <paramref name="counts"/> (MaxOrder + 1 entries).</summary>
    public static void CountFreeBlocks(in FrameStateView state, Span<ulong> counts)
    {
        for (int order = 0; order < counts.Length; order++)
        {
            counts[order] = 0;
        }

        ulong frame = 0;
        while (frame < state.FrameCount)
        {
            if (IsUsed(state, frame))
            {
                frame++;
                continue;
            }

            int order = 0;
            while (order < MaxOrder && order + 1 < counts.Length)
            {
                ulong size = 1UL << (order + 1);
                if ((frame & (size - 1)) != 0 || size > state.FrameCount - frame || !AllFree(state, frame + (size >> 1), size >> 1))
                {
                    break;
                }

                order++;
            }

            counts[order]++;
            frame += 1UL << order;
        }
    }

    private static bool IsBuddyActive(void* context) => Bytes.Equal(NameBytes(), Pmm.ImplementationName);

    private static ReadOnlySpan<byte> NameBytes() => "buddy"u8;

    // One line: the counts for orders 0 to MaxOrder, separated by single spaces.
    private static int Render(void* context, Span<byte> buffer)
    {
        ulong* counts = stackalloc ulong[MaxOrder + 1];
        CountFreeBlocks(Pmm.State, new Span<ulong>(counts, MaxOrder + 1));
        TextBuilder text = new TextBuilder(buffer);
        for (int order = 0; order <= MaxOrder; order++)
        {
            if (order > 0)
            {
                text.AppendByte((byte)' ');
            }

            text.AppendDecimal(counts[order]);
        }

        text.AppendByte((byte)'\n');
        return text.Length;
    }

    private static bool IsUsed(in FrameStateView state, ulong frame) => (state.Pab[frame >> 6] & (1UL << (int)(frame & 63))) != 0;

    private static bool AllFree(in FrameStateView state, ulong first, ulong count)
    {
        for (ulong i = 0; i < count; i++)
        {
            if (IsUsed(state, first + i))
            {
                return false;
            }
        }

        return true;
    }
}
