// The floor under SingleFrameBenchmarks: one Allocate + one Deallocate through an operations table whose functions
// do nothing but return (Allocate writes a fixed address). What a real implementation costs on top of this is its
// own work; this part is the two indirect calls, the out parameter and the benchmark loop.
namespace MeghaOS.Benchmarks;

using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>Two indirect calls through a PMM operations table to functions that do nothing.</summary>
[MinColumn, MedianColumn]
public unsafe class DispatchFloorBenchmarks
{
    private PmmOperations _operations;

    /// <summary>Fills the table with the do-nothing functions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _operations = default;
        _operations.Name = "floor";
        _operations.Allocate = &Allocate;
        _operations.Deallocate = &Deallocate;
    }

    /// <summary>Allocate and free through the table, as SingleFrameBenchmarks.AllocateFree does.</summary>
    [Benchmark]
    public PmmStatus AllocateFreeNothing()
    {
        _operations.Allocate(_operations.Context, 1, 1, FrameOwner.Kernel, out PhysicalAddress address);
        return _operations.Deallocate(_operations.Context, address, 1, FrameOwner.Kernel);
    }

    private static PmmStatus Allocate(void* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        address = PhysicalAddress.FromFrame(count);
        return PmmStatus.Success;
    }

    private static PmmStatus Deallocate(void* context, PhysicalAddress address, ulong count, FrameOwner owner) =>
        address.IsNull ? PmmStatus.NotAllocated : PmmStatus.Success;
}
