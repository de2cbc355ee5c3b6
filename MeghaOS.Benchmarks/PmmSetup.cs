// Building the PMM states the benchmarks measure: an empty map, a 99%-full map with scattered free frames and a
// 50%-fragmented map, for any implementation, in native metadata memory.
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
