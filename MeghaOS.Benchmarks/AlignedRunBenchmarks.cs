// Issue 12's bounded-time cases: 64 contiguous frames aligned to 64 on a map where every frame is free with
// probability 1/2, at 4 GiB and 64 GiB. "found": exactly one aligned 64-frame block is wholly free, in the middle of
// the map (allocated, then freed again); "must fail": no such block exists, so the request returns OutOfMemory.
// The goal is at most 1 us for both, for every implementation. The comparison-only reference allocator scans its
// bitmap for a wholly free word, which is what a plain bitmap must do.
namespace MeghaOS.Benchmarks;

using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>64 frames aligned to 64 on a half-free map, found or refused, per implementation and map size.</summary>
[MinColumn, MedianColumn]
public unsafe class AlignedRunBenchmarks
{
    private PmmSetup? _setup;
    private PmmOperations _operations;
    private ReferenceBitmapAllocator? _reference;

    /// <summary>Every implementation in the catalog.</summary>
    public static System.Collections.Generic.IEnumerable<string> Implementations => Catalogs.PmmNames;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Implementations))]
    public string Implementation { get; set; } = "bitmap";

    /// <summary>The map: its size, and whether the one wholly free aligned block exists.</summary>
    [Params("found 4 GiB", "must fail 4 GiB", "found 64 GiB", "must fail 64 GiB")]
    public string Map { get; set; } = "found 4 GiB";

    /// <summary>Builds the half-free instance and the reference's copy of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _setup = PmmSetup.Empty(Implementation, (Map.EndsWith("64 GiB") ? 64UL : 4UL) << 30);
        _setup.HalfFree(Map.StartsWith("found"), 12);
        _operations = _setup.Operations;
        _reference = _setup.Reference();
    }

    /// <summary>Frees the instance.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _reference?.Dispose();
        _setup?.Dispose();
    }

    /// <summary>Allocate 64 frames aligned to 64 and, when that succeeded, free them.</summary>
    [Benchmark]
    public PmmStatus Allocate64Aligned64()
    {
        PmmStatus status = _operations.Allocate(_operations.Context, 64, 64, FrameOwner.Kernel, out PhysicalAddress address);
        return status == PmmStatus.Success ? _operations.Deallocate(_operations.Context, address, 64, FrameOwner.Kernel) : status;
    }

    /// <summary>The same with the comparison-only reference allocator (a scan of its bitmap).</summary>
    [Benchmark]
    public ulong ReferenceAllocate64Aligned64()
    {
        ulong first = _reference!.Allocate64Aligned64();
        if (first != ReferenceBitmapAllocator.NoFrame)
        {
            _reference.Free64(first);
        }

        return first;
    }
}
