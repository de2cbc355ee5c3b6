// /sys/heap/stats: the kernel heap's figures, read live through the Heap facade (the active implementation) and from
// every registered implementation (blocks allocated before a switch stay with, and are counted by, the one that
// handed them out). Format: docs/files.md.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Adds the heap's files to sysfs (the heap subsystem's AddFiles hook).</summary>
public static unsafe class HeapFiles
{
    /// <summary>Creates /sys/heap/stats in <paramref name="directory"/>.</summary>
    public static bool Add(in FileSystemOperations sysfs, int directory)
    {
        SyntheticFileOperations stats = default;
        stats.Kind = VfsNodeKind.File;
        stats.Render = &RenderStats;
        return SyntheticFileSystem.AddFile(sysfs, directory, "stats"u8, stats) >= 0;
    }

    /// <summary>
    /// Fragmentation in thousandths: 1000 * (1 - largest free block / free bytes), 0 when nothing is free. 0 means all
    /// free memory is one block; near 1000 means it is scattered in pieces much smaller than the total.
    /// </summary>
    public static ulong FragmentationPermille(in HeapStats stats) =>
        stats.BytesFree == 0 ? 0 : 1000 - stats.LargestFreeBlock * 1000 / stats.BytesFree;

    /// <summary>Writes the text of /sys/heap/stats.</summary>
    public static int RenderStats(void* context, Span<byte> buffer)
    {
        HeapStats active = Heap.Stats;
        TextBuilder text = new TextBuilder(buffer);
        text.Append("implementation "u8);
        text.Append(Heap.ImplementationName);
        text.AppendByte((byte)'\n');
        Line(ref text, "", "bytes_in_use "u8, active.BytesInUse);
        Line(ref text, "", "bytes_free "u8, active.BytesFree);
        Line(ref text, "", "largest_free_block "u8, active.LargestFreeBlock);
        Line(ref text, "", "blocks_in_use "u8, active.BlocksInUse);
        Line(ref text, "", "fragmentation_permille "u8, FragmentationPermille(active));
        for (int i = 0; i < HeapSubsystem.Count; i++)
        {
            HeapOperations implementation = HeapSubsystem.Get(i);
            HeapStats stats = implementation.GetStats(implementation.Context);
            Line(ref text, implementation.Name, ".bytes_in_use "u8, stats.BytesInUse);
            Line(ref text, implementation.Name, ".blocks_in_use "u8, stats.BlocksInUse);
        }

        return text.Length;
    }

    private static void Line(ref TextBuilder text, string prefix, ReadOnlySpan<byte> key, ulong value)
    {
        text.Append(prefix);
        text.Append(key);
        text.AppendDecimal(value);
        text.AppendByte((byte)'\n');
    }
}
