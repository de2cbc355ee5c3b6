// The kernel heap contract, run once per implementation (HeapImplementations.All): alignment, distinctness, sizes,
// errors that change nothing, stats that add up, memory given back to the frame source, and a randomized run that
// checks every block's contents against a model.
namespace MeghaOS.Tests.Heap;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using MeghaOS.Tests.Support;
using Xunit;

public sealed unsafe class HeapContractTests
{
    /// <summary>One instance over its own frame source.</summary>
    private sealed class Instance : IDisposable
    {
        private readonly void* _state;

        public Instance(string name)
        {
            Frames = new NativeFrameSource();
            Heap = HeapImplementations.CreateInstance(name, Frames.Source, out _state);
        }

        public NativeFrameSource Frames { get; }

        public HeapOperations Heap { get; }

        public HeapStats Stats => Heap.GetStats(Heap.Context);

        public byte* Allocate(nuint size) => (byte*)Heap.Allocate(Heap.Context, size);

        public HeapStatus Free(void* pointer) => Heap.Free(Heap.Context, pointer);

        public bool Owns(void* pointer) => Heap.Owns(Heap.Context, pointer);

        public void Dispose()
        {
            Frames.Dispose();
            NativeMemory.Free(_state);
        }
    }

    public static TheoryData<string> Names => HeapImplementations.Names;

    [Theory, MemberData(nameof(Names))]
    public void TheTableIsCompleteAndNamed(string name)
    {
        using var heap = new Instance(name);
        Assert.True(heap.Heap.IsComplete);
        Assert.Equal(name, heap.Heap.Name);
        Assert.Equal(0UL, heap.Frames.FramesOutstanding); // nothing is taken before the first allocation
    }

    [Theory, MemberData(nameof(Names))]
    public void BlocksOfEverySizeAreAlignedDistinctAndKeepTheirContents(string name)
    {
        using var heap = new Instance(name);
        var blocks = new List<(IntPtr Pointer, int Size)>();
        foreach (int size in new[] { 1, 8, 15, 16, 17, 31, 32, 33, 64, 100, 128, 255, 256, 257, 512, 1000, 1024, 2047, 2048, 2049, 4095, 4096, 4097, 10000, 65536 })
        {
            for (int copy = 0; copy < 3; copy++)
            {
                byte* block = heap.Allocate((nuint)size);
                Assert.True(block != null, $"allocating {size} bytes failed");
                Assert.Equal(0UL, (ulong)block % 16);
                Assert.True(heap.Owns(block) && heap.Owns(block + size - 1));
                new Span<byte>(block, size).Fill((byte)(size + copy));
                blocks.Add(((IntPtr)block, size));
            }
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            var (pointer, size) = blocks[i];
            Assert.True(new Span<byte>((void*)pointer, size).IndexOfAnyExcept((byte)(size + i % 3)) < 0, $"block {i} ({size} bytes) was overwritten");
        }

        Assert.Equal((ulong)blocks.Count, heap.Stats.BlocksInUse);
        foreach (var (pointer, _) in blocks)
        {
            Assert.Equal(HeapStatus.Success, heap.Free((void*)pointer));
        }

        Assert.Equal(0UL, heap.Stats.BlocksInUse);
        Assert.Equal(0UL, heap.Stats.BytesInUse);
        Assert.Equal(0, heap.Frames.BadFrees);
    }

    [Theory, MemberData(nameof(Names))]
    public void ZeroAndHugeSizesGiveNull(string name)
    {
        using var heap = new Instance(name);
        Assert.True(heap.Allocate(0) == null);
        Assert.True(heap.Allocate((nuint)(1UL << 30) + 1) == null);
        Assert.Equal(0UL, heap.Stats.BlocksInUse);
    }

    [Theory, MemberData(nameof(Names))]
    public void StatsCountWhatIsInUse(string name)
    {
        using var heap = new Instance(name);
        byte* a = heap.Allocate(100);
        byte* b = heap.Allocate(3000);
        HeapStats stats = heap.Stats;
        Assert.Equal(2UL, stats.BlocksInUse);
        Assert.True(stats.BytesInUse >= 3100, "bytes in use must cover the requests");
        Assert.True(stats.LargestFreeBlock <= stats.BytesFree);
        ulong held = heap.Frames.FramesOutstanding * PhysicalAddress.FrameSize;
        Assert.True(stats.BytesInUse + stats.BytesFree <= held, "in use + free cannot exceed the memory held");

        Assert.Equal(HeapStatus.Success, heap.Free(b));
        Assert.Equal(1UL, heap.Stats.BlocksInUse);
        Assert.True(heap.Stats.BytesInUse < stats.BytesInUse);
        Assert.Equal(HeapStatus.Success, heap.Free(a));
        Assert.Equal(0UL, heap.Stats.BytesInUse);
    }

    [Theory, MemberData(nameof(Names))]
    public void DoubleFreeIsReportedAndChangesNothing(string name)
    {
        using var heap = new Instance(name);
        byte* keep = heap.Allocate(64); // keeps the memory of the freed block with the heap
        byte* block = heap.Allocate(64);
        Assert.Equal(HeapStatus.Success, heap.Free(block));
        HeapStats before = heap.Stats;
        ulong frames = heap.Frames.FramesOutstanding;

        Assert.Equal(HeapStatus.DoubleFree, heap.Free(block));

        HeapStats after = heap.Stats;
        Assert.Equal(before.BytesInUse, after.BytesInUse);
        Assert.Equal(before.BytesFree, after.BytesFree);
        Assert.Equal(before.BlocksInUse, after.BlocksInUse);
        Assert.Equal(frames, heap.Frames.FramesOutstanding);
        Assert.Equal(HeapStatus.Success, heap.Free(keep));
    }

    [Theory, MemberData(nameof(Names))]
    public void InvalidPointersAreReportedAndChangeNothing(string name)
    {
        using var heap = new Instance(name);
        byte* a = heap.Allocate(64);
        byte* large = heap.Allocate(8192);
        new Span<byte>(a, 64).Fill(0x11);
        HeapStats before = heap.Stats;
        long outside = 0;

        Assert.Equal(HeapStatus.InvalidPointer, heap.Free(null));
        Assert.Equal(HeapStatus.InvalidPointer, heap.Free(a + 1));     // misaligned
        Assert.Equal(HeapStatus.InvalidPointer, heap.Free(a + 16));    // inside a block
        Assert.Equal(HeapStatus.InvalidPointer, heap.Free(large + 4096));
        Assert.Equal(HeapStatus.InvalidPointer, heap.Free(&outside));  // not the heap's memory
        Assert.Equal(HeapStatus.InvalidPointer, heap.Free((void*)0x1000)); // never read: not the heap's memory
        Assert.False(heap.Owns(&outside));
        Assert.False(heap.Owns(null));

        HeapStats after = heap.Stats;
        Assert.Equal(before.BytesInUse, after.BytesInUse);
        Assert.Equal(before.BlocksInUse, after.BlocksInUse);
        Assert.Equal(before.BytesFree, after.BytesFree);
        Assert.True(new Span<byte>(a, 64).IndexOfAnyExcept((byte)0x11) < 0);
        Assert.Equal(HeapStatus.Success, heap.Free(a));
        Assert.Equal(HeapStatus.Success, heap.Free(large));
    }

    [Theory, MemberData(nameof(Names))]
    public void EmptyMemoryGoesBackToTheFrameSource(string name)
    {
        using var heap = new Instance(name);
        var blocks = new List<IntPtr>();
        foreach (int size in new[] { 16, 100, 700, 3000 })
        {
            for (int i = 0; i < 300; i++)
            {
                blocks.Add((IntPtr)heap.Allocate((nuint)size));
            }
        }

        ulong peak = heap.Frames.FramesOutstanding;
        foreach (IntPtr block in blocks)
        {
            Assert.Equal(HeapStatus.Success, heap.Free((void*)block));
        }

        Assert.True(heap.Frames.FramesOutstanding <= HeapImplementations.Named(name).SpareFramesWhenEmpty,
            $"{heap.Frames.FramesOutstanding} frames kept of a peak of {peak}");
        Assert.Equal(0, heap.Frames.BadFrees);

        // And it still works afterwards.
        byte* again = heap.Allocate(100);
        Assert.True(again != null);
        Assert.Equal(HeapStatus.Success, heap.Free(again));
    }

    [Theory, MemberData(nameof(Names))]
    public void RunningOutOfFramesGivesNullAndRecovers(string name)
    {
        using var heap = new Instance(name);
        heap.Frames.Limit = 0;
        Assert.True(heap.Allocate(16) == null);
        Assert.True(heap.Allocate(5000) == null);
        Assert.Equal(0UL, heap.Stats.BlocksInUse);
        heap.Frames.Limit = ulong.MaxValue;
        byte* block = heap.Allocate(16);
        Assert.True(block != null);
        Assert.Equal(HeapStatus.Success, heap.Free(block));
    }

    [Theory, MemberData(nameof(Names))]
    public void RandomAllocationAndFreeMatchAModel(string name)
    {
        using var heap = new Instance(name);
        var random = new Random(20240521);
        var live = new List<(IntPtr Pointer, int Size, byte Fill)>();
        for (int step = 0; step < 20000; step++)
        {
            if (live.Count > 0 && random.Next(5) < 2)
            {
                int index = random.Next(live.Count);
                var (pointer, size, fill) = live[index];
                Assert.True(new Span<byte>((void*)pointer, size).IndexOfAnyExcept(fill) < 0, "block contents changed");
                Assert.Equal(HeapStatus.Success, heap.Free((void*)pointer));
                live[index] = live[^1];
                live.RemoveAt(live.Count - 1);
            }
            else
            {
                int size = random.Next(4) == 0 ? random.Next(1, 9000) : random.Next(1, 300);
                byte fill = (byte)random.Next(256);
                byte* block = heap.Allocate((nuint)size);
                Assert.True(block != null);
                new Span<byte>(block, size).Fill(fill);
                live.Add(((IntPtr)block, size, fill));
            }

            if (step % 1000 == 0)
            {
                HeapStats stats = heap.Stats;
                Assert.Equal((ulong)live.Count, stats.BlocksInUse);
                Assert.True(stats.LargestFreeBlock <= stats.BytesFree);
            }
        }

        foreach (var (pointer, _, _) in live)
        {
            Assert.Equal(HeapStatus.Success, heap.Free((void*)pointer));
        }

        Assert.Equal(0UL, heap.Stats.BytesInUse);
        Assert.Equal(0, heap.Frames.BadFrees);
    }
}
