// Figures every kernel heap implementation reports (shown in /sys/heap/stats).
namespace MeghaOS.Memory;

/// <summary>Byte counts of a kernel heap implementation.</summary>
public readonly struct HeapStats
{
    /// <summary>Bytes handed out and not yet freed (payload, without headers).</summary>
    public readonly ulong BytesInUse;

    /// <summary>Bytes the heap holds that are free for allocation.</summary>
    public readonly ulong BytesFree;

    /// <summary>Bytes in the largest free block; with BytesFree it tells how fragmented the heap is.</summary>
    public readonly ulong LargestFreeBlock;

    /// <summary>Number of live allocations.</summary>
    public readonly ulong BlocksInUse;

    /// <summary>Creates a set of figures.</summary>
    public HeapStats(ulong bytesInUse, ulong bytesFree, ulong largestFreeBlock, ulong blocksInUse)
    {
        BytesInUse = bytesInUse;
        BytesFree = bytesFree;
        LargestFreeBlock = largestFreeBlock;
        BlocksInUse = blocksInUse;
    }
}
