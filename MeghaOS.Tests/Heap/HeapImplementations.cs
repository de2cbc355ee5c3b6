// The one list of kernel heap implementations the heap contract and facade tests run over. Adding an implementation
// to the test suites is one line in All.
namespace MeghaOS.Tests.Heap;

using System;
using System.Linq;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using Xunit;

/// <summary>Creates an instance whose state lives in <c>state</c> (at least StateBytes) and takes frames from a source.</summary>
public unsafe delegate HeapOperations CreateHeap(void* state, in FrameSource source);

/// <summary>
/// One heap implementation as the tests see it: how to create it, and how many frames it may keep from its source
/// once every block is freed (its spare memory, kept so the next allocation does not go back to the PMM).
/// </summary>
public sealed record HeapImplementation(string Name, int StateBytes, CreateHeap Create, ulong SpareFramesWhenEmpty);

/// <summary>Every implementation under test.</summary>
public static unsafe class HeapImplementations
{
    /// <summary>The implementations, each with its name in the operations table.</summary>
    public static readonly HeapImplementation[] All =
    {
        new(FreeListHeap.Name, sizeof(FreeListHeapState), (void* state, in FrameSource source) => FreeListHeap.Create((FreeListHeapState*)state, source), FreeListHeap.ChunkFrames),
        new(SlabHeap.Name, sizeof(SlabHeapState), (void* state, in FrameSource source) => SlabHeap.Create((SlabHeapState*)state, source), SlabHeap.ClassCount * 4 + 1),
    };

    /// <summary>The implementation named <paramref name="name"/>.</summary>
    public static HeapImplementation Named(string name) => All.Single(implementation => implementation.Name == name);

    /// <summary>Creates an instance with its state in native memory (free it with NativeMemory.Free).</summary>
    public static HeapOperations CreateInstance(string name, in FrameSource source, out void* state)
    {
        HeapImplementation implementation = Named(name);
        state = NativeMemory.AllocZeroed((nuint)implementation.StateBytes);
        return implementation.Create(state, source);
    }

    /// <summary>Theory data: every implementation's name.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            TheoryData<string> data = new();
            foreach (HeapImplementation implementation in All)
            {
                data.Add(implementation.Name);
            }

            return data;
        }
    }

    /// <summary>Theory data: every ordered pair of different implementations (from, to).</summary>
    public static TheoryData<string, string> Pairs
    {
        get
        {
            TheoryData<string, string> data = new();
            foreach (HeapImplementation from in All)
            {
                foreach (HeapImplementation to in All)
                {
                    if (from != to)
                    {
                        data.Add(from.Name, to.Name);
                    }
                }
            }

            return data;
        }
    }
}
