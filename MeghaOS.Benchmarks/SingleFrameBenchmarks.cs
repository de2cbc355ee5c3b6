// Single-frame allocate + free on an empty map (4 GiB and 64 GiB) and on a 99%-full 4 GiB map with scattered free
// frames, called through the operations table as the facade does, and once through the Pmm facade itself; beside
// them, on a copy of the same map, the comparison-only ReferenceBitmapAllocator (no checks), the baseline of the
// Ratio column.
namespace MeghaOS.Benchmarks;

using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>One frame allocated and freed again, per implementation and map.</summary>
[MinColumn, MedianColumn]
public unsafe class SingleFrameBenchmarks
{
    private PmmSetup? _setup;
    private PmmOperations _operations;
    private ReferenceBitmapAllocator? _reference;
    private PmmOperations _referenceOperations;

    /// <summary>Every implementation in the catalog.</summary>
    public static System.Collections.Generic.IEnumerable<string> Implementations => Catalogs.PmmNames;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Implementations))]
    public string Implementation { get; set; } = "bitmap";

    /// <summary>The map: empty 4 GiB, empty 64 GiB, or 4 GiB with 99% of the frames allocated.</summary>
    [Params("empty 4 GiB", "99% full 4 GiB", "empty 64 GiB")]
    public string Map { get; set; } = "empty 4 GiB";

    /// <summary>Builds the instance and installs it in the facade.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _setup = PmmSetup.Empty(Implementation, Map == "empty 64 GiB" ? 64UL << 30 : 4UL << 30);
        if (Map == "99% full 4 GiB")
        {
            _setup.Fragment(0.01, 0, 1);
        }

        _operations = _setup.Operations;
        _reference = _setup.Reference();
        _referenceOperations = _reference.Operations;
        Pmm.Reset();
        Pmm.SetOperations(_operations);
    }

    /// <summary>Frees the instance.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Pmm.Reset();
        _reference?.Dispose();
        _setup?.Dispose();
    }

    /// <summary>
    /// Allocate and free one frame with the comparison-only reference allocator (no checks) through an operations
    /// table of the same shape, as AllocateFree calls the implementations: the baseline of the Ratio column.
    /// </summary>
    [Benchmark(Baseline = true)]
    public PmmStatus ReferenceAllocateFree()
    {
        _referenceOperations.Allocate(_referenceOperations.Context, 1, 1, FrameOwner.Kernel, out PhysicalAddress address);
        return _referenceOperations.Deallocate(_referenceOperations.Context, address, 1, FrameOwner.Kernel);
    }

    /// <summary>The reference allocator called directly (inlined, no table): what a bitmap costs with no dispatch at all.</summary>
    [Benchmark]
    public ulong ReferenceAllocateFreeDirect()
    {
        ulong frame = _reference!.Allocate();
        _reference.Free(frame);
        return frame;
    }

    /// <summary>Allocate and free one frame through the operations table.</summary>
    [Benchmark]
    public PmmStatus AllocateFree()
    {
        _operations.Allocate(_operations.Context, 1, 1, FrameOwner.Kernel, out PhysicalAddress address);
        return _operations.Deallocate(_operations.Context, address, 1, FrameOwner.Kernel);
    }

    /// <summary>Allocate and free one frame through the Pmm facade.</summary>
    [Benchmark]
    public PmmStatus AllocateFreeViaFacade()
    {
        Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress address);
        return Pmm.Deallocate(address, 1, FrameOwner.Kernel);
    }
}
