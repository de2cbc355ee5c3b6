// Kernel heap allocate + free of one block, by size, for each implementation, called through the operations table
// as the Heap facade does. The heap holds a background of 256 live blocks of random sizes (16-1024 bytes, seeded),
// so the free-list heap's list is not trivially short; frames come from a bitmap PMM (HeapFrameSource).
namespace MeghaOS.Benchmarks;

using System;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MeghaOS.Memory;

/// <summary>One block allocated and freed again, per implementation and size.</summary>
public unsafe class HeapBenchmarks
{
    private HeapFrameSource? _frames;
    private void* _state;
    private HeapOperations _heap;

    /// <summary>Every implementation in the catalog.</summary>
    public static System.Collections.Generic.IEnumerable<string> Implementations => Catalogs.HeapNames;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Implementations))]
    public string Implementation { get; set; } = FreeListHeap.Name;

    /// <summary>Bytes requested.</summary>
    [Params(16, 64, 256, 1024, 4096)]
    public int Size { get; set; } = 16;

    /// <summary>Builds the heap and its background blocks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _frames = new HeapFrameSource(256UL << 20);
        HeapImplementation implementation = HeapCatalog.All.ToArray().Single(candidate => candidate.Name == Implementation);
        _state = NativeMemory.AllocZeroed((nuint)implementation.StateBytes);
        _heap = implementation.Create(_state, _frames.Source);

        Random random = new(42);
        for (int i = 0; i < 256; i++)
        {
            _heap.Allocate(_heap.Context, (nuint)random.Next(16, 1025));
        }
    }

    /// <summary>Releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _frames?.Dispose();
        NativeMemory.Free(_state);
    }

    /// <summary>Allocate <see cref="Size"/> bytes and free them.</summary>
    [Benchmark]
    public HeapStatus AllocateAndFree()
    {
        void* block = _heap.Allocate(_heap.Context, (nuint)Size);
        return _heap.Free(_heap.Context, block);
    }
}
