// 64 contiguous frames aligned to 64 frames, allocated and freed on a 50%-fragmented 4 GiB map: every frame is
// allocated, then each frame is freed with probability 1/2, and every frame of one 64-frame block in 32 (seeded).
// So about half the memory is free, but an aligned free run of 64 exists only in ~3% of the blocks.
namespace MeghaOS.Benchmarks;

using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>Aligned multi-frame allocation on a fragmented map, per implementation.</summary>
[MinColumn, MedianColumn]
public unsafe class AlignedRunBenchmarks
{
    private PmmSetup? _setup;
    private PmmOperations _operations;

    /// <summary>Every implementation in the catalog.</summary>
    public static System.Collections.Generic.IEnumerable<string> Implementations => Catalogs.PmmNames;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Implementations))]
    public string Implementation { get; set; } = "bitmap";

    /// <summary>Builds the fragmented instance.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _setup = PmmSetup.Empty(Implementation, 4UL << 30);
        _setup.Fragment(0.5, 1.0 / 32, 2);
        _operations = _setup.Operations;
    }

    /// <summary>Frees the instance.</summary>
    [GlobalCleanup]
    public void Cleanup() => _setup?.Dispose();

    /// <summary>Allocate and free 64 frames aligned to 64.</summary>
    [Benchmark]
    public PmmStatus Allocate64Aligned64Free()
    {
        _operations.Allocate(_operations.Context, 64, 64, FrameOwner.Kernel, out PhysicalAddress address);
        return _operations.Deallocate(_operations.Context, address, 64, FrameOwner.Kernel);
    }
}
