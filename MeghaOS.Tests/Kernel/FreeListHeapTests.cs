// Host tests of the free-list kernel heap (MeghaOS.Kernel/Memory/FreeListHeap.cs), run over frames taken from
// native memory by the test frame source (Support/NativeFrameSource.cs), which counts what is outstanding.
namespace MeghaOS.Tests.Kernel;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using MeghaOS.Tests.Support;
using Xunit;

public sealed unsafe class FreeListHeapTests : IDisposable
{
    private readonly FreeListHeapState* _state;
    private readonly HeapOperations _heap;
    private readonly NativeFrameSource _source = new();

    public FreeListHeapTests()
    {
        _state = (FreeListHeapState*)NativeMemory.AllocZeroed((nuint)sizeof(FreeListHeapState));
        _heap = FreeListHeap.Create(_state, _source.Source);
    }

    public void Dispose()
    {
        _source.Dispose();
        NativeMemory.Free(_state);
    }

    private void* Allocate(nuint size) => _heap.Allocate(_heap.Context, size);

    private HeapStatus Free(void* pointer) => _heap.Free(_heap.Context, pointer);

    private HeapStats Stats => _heap.GetStats(_heap.Context);

    [Fact]
    public void TheTableIsCompleteAndNamed()
    {
        Assert.True(_heap.IsComplete);
        Assert.Equal("freelist", _heap.Name);
    }

    [Fact]
    public void BlocksAreAlignedDistinctAndWritable()
    {
        var blocks = new List<IntPtr>();
        for (int size = 1; size < 600; size += 37)
        {
            byte* block = (byte*)Allocate((nuint)size);
            Assert.True(block != null);
            Assert.Equal(0UL, (ulong)block % FreeListHeap.Alignment);
            new Span<byte>(block, size).Fill((byte)size);
            blocks.Add((IntPtr)block);
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            int size = 1 + 37 * i;
            Assert.True(new Span<byte>((void*)blocks[i], size).IndexOfAnyExcept((byte)size) < 0, "a block was overwritten");
        }

        Assert.Equal((ulong)blocks.Count, Stats.BlocksInUse);
    }

    [Fact]
    public void ZeroAndHugeSizesGiveNull()
    {
        Assert.True(Allocate(0) == null);
        Assert.True(Allocate((nuint)FreeListHeap.MaxAllocationBytes + 1) == null);
    }

    [Fact]
    public void FreeingEverythingCoalescesBackToOneBlock()
    {
        var blocks = new List<IntPtr>();
        for (int i = 0; i < 100; i++)
        {
            blocks.Add((IntPtr)Allocate(100));
        }

        HeapStats empty = default;
        // Free in an interleaved order so merging happens on both sides.
        for (int i = 0; i < blocks.Count; i += 2)
        {
            Assert.Equal(HeapStatus.Success, Free((void*)blocks[i]));
        }

        for (int i = 1; i < blocks.Count; i += 2)
        {
            Assert.Equal(HeapStatus.Success, Free((void*)blocks[i]));
        }

        empty = Stats;
        Assert.Equal(0UL, empty.BytesInUse);
        Assert.Equal(0UL, empty.BlocksInUse);
        Assert.Equal(empty.BytesFree, empty.LargestFreeBlock);
    }

    [Fact]
    public void GrowsPastOneChunkAndGivesEmptyChunksBack()
    {
        var blocks = new List<IntPtr>();
        for (int i = 0; i < 64; i++)
        {
            blocks.Add((IntPtr)Allocate(4000)); // 64 x 4 KiB: several 64 KiB chunks
        }

        Assert.True(_source.FramesOutstanding > FreeListHeap.ChunkFrames);
        foreach (IntPtr block in blocks)
        {
            Assert.Equal(HeapStatus.Success, Free((void*)block));
        }

        // Only the last chunk is kept for the next allocation.
        Assert.Equal(FreeListHeap.ChunkFrames, _source.FramesOutstanding);
        Assert.Equal(FreeListHeap.ChunkFrames, FreeListHeap.FramesHeld(_state));
    }

    [Fact]
    public void ALargeAllocationGetsAChunkOfItsOwn()
    {
        byte* block = (byte*)Allocate(1 << 20);
        Assert.True(block != null);
        new Span<byte>(block, 1 << 20).Fill(0xAB);
        Assert.True(_source.FramesOutstanding >= 256);
        Assert.Equal(HeapStatus.Success, Free(block));
    }

    [Fact]
    public void BadAndDoubleFreesAreReportedAndChangeNothing()
    {
        byte* a = (byte*)Allocate(64);
        byte* b = (byte*)Allocate(64);
        HeapStats before = Stats;

        Assert.Equal(HeapStatus.InvalidPointer, Free(null));
        Assert.Equal(HeapStatus.InvalidPointer, Free(a + 16));
        Assert.Equal(HeapStatus.InvalidPointer, Free(a + 1));
        long outside = 0;
        Assert.Equal(HeapStatus.InvalidPointer, Free(&outside));
        Assert.Equal(before.BytesInUse, Stats.BytesInUse);

        Assert.Equal(HeapStatus.Success, Free(b));
        Assert.Equal(HeapStatus.DoubleFree, Free(b));
        Assert.Equal(HeapStatus.Success, Free(a));
    }

    [Fact]
    public void OutOfFramesGivesNull()
    {
        _source.Limit = 0;
        Assert.True(Allocate(16) == null);
    }

    [Fact]
    public void OwnsOnlyItsOwnMemory()
    {
        byte* a = (byte*)Allocate(32);
        long outside = 0;
        Assert.True(_heap.Owns(_heap.Context, a));
        Assert.False(_heap.Owns(_heap.Context, &outside));
    }

    [Fact]
    public void RandomAllocationAndFreeKeepStatsConsistent()
    {
        var random = new Random(1234);
        var live = new List<(IntPtr Pointer, int Size, byte Fill)>();
        for (int step = 0; step < 5000; step++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(live.Count);
                var (pointer, size, fill) = live[index];
                Assert.True(new Span<byte>((void*)pointer, size).IndexOfAnyExcept(fill) < 0, "block contents changed");
                Assert.Equal(HeapStatus.Success, Free((void*)pointer));
                live.RemoveAt(index);
            }
            else
            {
                int size = random.Next(1, 3000);
                byte fill = (byte)random.Next(256);
                byte* block = (byte*)Allocate((nuint)size);
                Assert.True(block != null);
                new Span<byte>(block, size).Fill(fill);
                live.Add(((IntPtr)block, size, fill));
            }

            Assert.Equal((ulong)live.Count, Stats.BlocksInUse);
        }
    }
}
