// /sys/heap/stats: the kernel heap's figures, read live through the Heap facade (the active implementation) and from
// every registered implementation (blocks allocated before a switch stay with, and are counted by, the one that
// handed them out). Format: docs/files.md.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>The heap subsystem's own files.</summary>
public static unsafe class HeapFiles
{
    /// <summary>
    /// Fragmentation in thousandths: 1000 * (1 - largest free block / free bytes), 0 when nothing is free. 0 means all
    /// free memory is one block; near 1000 means it is scattered in pieces much smaller than the total.
    /// </summary>
    public static ulong FragmentationPermille(in HeapStats stats) =>
        stats.BytesFree == 0 ? 0 : 1000 - stats.LargestFreeBlock * 1000 / stats.BytesFree;

    /// <summary>Writes the text of /sys/heap/stats.</summary>
    public static int RenderStats(Span<byte> buffer)
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
        ReadOnlySpan<HeapOperations> implementations = HeapSubsystem.Implementations;
        for (int i = 0; i < implementations.Length; i++)
        {
            HeapOperations implementation = implementations[i];
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
