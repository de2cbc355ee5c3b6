// Building the PMM states the benchmarks measure: an empty map, a 99%-full map with scattered free frames, a
// 50%-fragmented map, and the bounded-time maps of issue 12 (every frame free with probability 1/2 and exactly one
// or no wholly free aligned 64-frame block), for any implementation, in native metadata memory; and a copy of any of
// them for the comparison-only ReferenceBitmapAllocator.
namespace MeghaOS.Benchmarks;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>One PMM instance for a benchmark, with its metadata.</summary>
public sealed unsafe class PmmSetup : IDisposable
{
    private void* _metadata;

    /// <summary>The instance's operations table.</summary>
    public PmmOperations Operations;

    private PmmSetup(void* metadata, PmmOperations operations)
    {
        _metadata = metadata;
        Operations = operations;
    }

    /// <summary>Metadata bytes of the named implementation for <paramref name="frames"/> frames.</summary>
    public static ulong MetadataBytes(string implementation, ulong frames) =>
        Catalogs.Pmm(implementation).MetadataBytes(frames);

    /// <summary>An empty instance over one usable entry of <paramref name="bytes"/> bytes from address 0.</summary>
    public static PmmSetup Empty(string implementation, ulong bytes)
    {
        MemoryRegion[] regions = { new(0, bytes, MemoryRegionType.Usable) };
        ulong frames = MemoryMap.FrameCountOf(regions);
        ulong metadataBytes = MetadataBytes(implementation, frames);
        void* metadata = NativeMemory.Alloc((nuint)metadataBytes);
        PmmStatus status = Catalogs.Pmm(implementation).Create(metadata, metadataBytes, regions, default, out PmmOperations operations);
        if (status != PmmStatus.Success)
        {
            throw new InvalidOperationException("Create failed: " + status);
        }

        return new PmmSetup(metadata, operations);
    }

    /// <summary>
    /// Allocates every frame one by one, then frees each frame with probability <paramref name="freeProbability"/>
    /// (seeded), and additionally every frame of a 64-frame aligned block chosen with probability
    /// <paramref name="wholeBlockProbability"/>.
    /// </summary>
    public void Fragment(double freeProbability, double wholeBlockProbability, int seed)
    {
        Random random = new(seed);
        ulong frames = Operations.GetCounts(Operations.Context).TotalFrames;
        while (Operations.Allocate(Operations.Context, 1, 1, FrameOwner.Kernel, out _) == PmmStatus.Success)
        {
        }

        for (ulong block = 0; block < frames; block += 64)
        {
            bool whole = random.NextDouble() < wholeBlockProbability;
            for (ulong frame = block; frame < block + 64 && frame < frames; frame++)
            {
                if (frame != 0 && (whole || random.NextDouble() < freeProbability))
                {
                    Operations.Deallocate(Operations.Context, PhysicalAddress.FromFrame(frame), 1, FrameOwner.Kernel);
                }
            }
        }
    }

    /// <summary>
    /// Issue 12's bounded-time map: every frame allocated, then each frame freed with probability 1/2 (seeded), no
    /// 64-frame aligned block wholly free, except, when <paramref name="oneFreeBlock"/>, the block in the middle of
    /// the map, whose 64 frames are all freed. So half the memory is free but a 64-aligned run of 64 frames exists
    /// exactly once or not at all.
    /// </summary>
    public void HalfFree(bool oneFreeBlock, int seed)
    {
        Random random = new(seed);
        ulong frames = Operations.GetCounts(Operations.Context).TotalFrames;
        while (Operations.Allocate(Operations.Context, 1, 1, FrameOwner.Kernel, out _) == PmmStatus.Success)
        {
        }

        ulong middle = (frames / 2) & ~63UL;
        for (ulong block = 0; block + 64 <= frames; block += 64)
        {
            ulong free = block == middle && oneFreeBlock ? ulong.MaxValue : ((ulong)random.NextInt64() << 1) | (uint)random.Next(2);
            if (block != middle || !oneFreeBlock)
            {
                free &= ~(1UL << random.Next(64)); // at least one frame stays allocated
            }

            for (int bit = 0; bit < 64; bit++)
            {
                ulong frame = block + (ulong)bit;
                if (frame != 0 && (free >> bit & 1) != 0)
                {
                    Operations.Deallocate(Operations.Context, PhysicalAddress.FromFrame(frame), 1, FrameOwner.Kernel);
                }
            }
        }
    }

    /// <summary>The comparison-only reference allocator holding a copy of this instance's PAB.</summary>
    public ReferenceBitmapAllocator Reference()
    {
        FrameStateView state = Operations.GetState(Operations.Context);
        return new ReferenceBitmapAllocator(state.Pab, (state.FrameCount + 63) >> 6);
    }

    /// <summary>Frees the metadata.</summary>
    public void Dispose()
    {
        if (_metadata != null)
        {
            NativeMemory.Free(_metadata);
            _metadata = null;
        }
    }
}
