// The cost of the operations-table pattern: one call through a delegate* in a table (with its context argument)
// against a direct call of the same non-inlined function, and a real heap allocate + free through the Heap facade
// (active-implementation check, Owns routing) against calling the free-list heap's functions directly.
namespace MeghaOS.Benchmarks;

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>Direct calls against calls through an operations table.</summary>
public unsafe class DispatchBenchmarks
{
    private struct Table
    {
        public void* Context;
        public delegate*<void*, ulong, ulong> Step;
    }

    private Table _table;
    private ulong _value;
    private HeapFrameSource? _frames;
    private FreeListHeapState* _state;
    private HeapOperations _heap;

    /// <summary>Fills the table, and installs a free-list heap in the Heap facade.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _table = new Table { Context = null, Step = &Step };
        _frames = new HeapFrameSource(64UL << 20);
        _state = (FreeListHeapState*)NativeMemory.AllocZeroed((nuint)sizeof(FreeListHeapState));
        _heap = FreeListHeap.Create(_state, _frames.Source);
        Heap.Reset();
        Heap.SetOperations(_heap);
    }

    /// <summary>Uninstalls the heap.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Heap.Reset();
        _frames?.Dispose();
        NativeMemory.Free(_state);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Step(void* context, ulong value) => value * 3 + 1;

    /// <summary>A direct call of a non-inlined static function.</summary>
    [Benchmark(Baseline = true)]
    public ulong DirectCall() => _value = Step(null, _value);

    /// <summary>The same function through a delegate* in a table, with the table's context.</summary>
    [Benchmark]
    public ulong OperationsTableCall() => _value = _table.Step(_table.Context, _value);

    /// <summary>Allocate + free of 64 bytes calling FreeListHeap's functions directly.</summary>
    [Benchmark]
    public HeapStatus HeapDirect()
    {
        void* block = FreeListHeap.Allocate(_state, 64);
        return FreeListHeap.Free(_state, block);
    }

    /// <summary>Allocate + free of 64 bytes through the Heap facade (table call, Owns routing of the free).</summary>
    [Benchmark]
    public HeapStatus HeapThroughFacade()
    {
        void* block = Heap.Allocate(64);
        return Heap.Free(block);
    }
}
