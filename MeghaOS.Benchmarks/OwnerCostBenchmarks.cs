// What recording frame owners costs on the single-frame path: one frame allocated and freed through the operations
// table, today's PMM (every allocation records its owner, every free checks it) against the same implementation at
// another commit (the baseline, without owners), side by side in one BenchmarkDotNet run, so both see the same
// machine load; the Ratio column is after / before. Compiled only with a baseline: scripts/bench-baseline.sh.
#if MEGHAOS_BASELINE
extern alias baseline;

namespace MeghaOS.Benchmarks;

using System;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;
using Before = baseline::MeghaOS.Memory;

/// <summary>Single-frame allocate + free, before and after owner tracking, per implementation and map.</summary>
[MinColumn, MedianColumn]
public unsafe class OwnerCostBenchmarks
{
    private PmmSetup? _after;
    private PmmOperations _afterOperations;
    private void* _beforeMetadata;
    private Before.PmmOperations _beforeOperations;

    /// <summary>Every implementation in today's catalog (the baseline must have one of the same name).</summary>
    public static System.Collections.Generic.IEnumerable<string> Implementations => Catalogs.PmmNames;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Implementations))]
    public string Implementation { get; set; } = "bitmap";

    /// <summary>The map, as in SingleFrameBenchmarks.</summary>
    [Params("empty 4 GiB", "99% full 4 GiB", "empty 64 GiB")]
    public string Map { get; set; } = "empty 4 GiB";

    /// <summary>Builds both instances over the same map; the 99% full map gets the same seeded fragmentation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ulong bytes = Map == "empty 64 GiB" ? 64UL << 30 : 4UL << 30;
        _after = PmmSetup.Empty(Implementation, bytes);
        Before.PmmImplementation before = Before.PmmCatalog.All.ToArray().Single(implementation => implementation.Name == Implementation);
        Before.MemoryRegion[] regions = { new(0, bytes, Before.MemoryRegionType.Usable) };
        ulong metadataBytes = before.MetadataBytes(Before.MemoryMap.FrameCountOf(regions));
        _beforeMetadata = NativeMemory.Alloc((nuint)metadataBytes);
        if (before.Create(_beforeMetadata, metadataBytes, regions, default, out _beforeOperations) != Before.PmmStatus.Success)
        {
            throw new InvalidOperationException("the baseline's Create failed");
        }

        if (Map == "99% full 4 GiB")
        {
            _after.Fragment(0.01, 0, 1);
            FragmentBefore(0.01, 1);
        }

        _afterOperations = _after.Operations;
    }

    /// <summary>Frees both instances.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _after?.Dispose();
        NativeMemory.Free(_beforeMetadata);
        _beforeMetadata = null;
    }

    // Both return the status as an int: BenchmarkDotNet's generated code names return types in full, and the two
    // PmmStatus types have the same full name.

    /// <summary>The baseline: no owner recorded or checked.</summary>
    [Benchmark(Baseline = true)]
    public int BeforeOwners()
    {
        _beforeOperations.Allocate(_beforeOperations.Context, 1, 1, out Before.PhysicalAddress address);
        return (int)_beforeOperations.Deallocate(_beforeOperations.Context, address, 1);
    }

    /// <summary>Today: the owner recorded at allocation and checked at the free.</summary>
    [Benchmark]
    public int AfterOwners()
    {
        _afterOperations.Allocate(_afterOperations.Context, 1, 1, FrameOwner.KernelHeap, out PhysicalAddress address);
        return (int)_afterOperations.Deallocate(_afterOperations.Context, address, 1, FrameOwner.KernelHeap);
    }

    // PmmSetup.Fragment (without whole blocks) for the baseline's table, drawing the same random numbers, so both
    // instances hold the same free frames.
    private void FragmentBefore(double freeProbability, int seed)
    {
        Random random = new(seed);
        ulong frames = _beforeOperations.GetCounts(_beforeOperations.Context).TotalFrames;
        while (_beforeOperations.Allocate(_beforeOperations.Context, 1, 1, out _) == Before.PmmStatus.Success)
        {
        }

        for (ulong block = 0; block < frames; block += 64)
        {
            random.NextDouble(); // PmmSetup's whole-block draw
            for (ulong frame = block; frame < block + 64 && frame < frames; frame++)
            {
                if (frame != 0 && random.NextDouble() < freeProbability)
                {
                    _beforeOperations.Deallocate(_beforeOperations.Context, Before.PhysicalAddress.FromFrame(frame), 1);
                }
            }
        }
    }
}
#endif
