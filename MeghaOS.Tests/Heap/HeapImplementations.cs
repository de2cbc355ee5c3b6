// The kernel heap implementations the heap contract and facade tests run over: the kernel's heap catalog, so a new
// implementation is tested the moment its catalog line exists.
namespace MeghaOS.Tests.Heap;

using System;
using System.Linq;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using Xunit;

/// <summary>Every implementation under test: exactly the kernel's heap catalog (Memory/HeapCatalog.cs).</summary>
public static unsafe class HeapImplementations
{
    /// <summary>The catalog's implementations, in catalog order.</summary>
    public static HeapImplementation[] All => HeapCatalog.All.ToArray();

    /// <summary>The implementation named <paramref name="name"/>.</summary>
    public static HeapImplementation Named(string name) => All.Single(implementation => implementation.Name == name);

    /// <summary>Creates an instance with its state in native memory (free it with NativeMemory.Free).</summary>
    public static HeapOperations CreateInstance(string name, in FrameSource source, out void* state)
    {
        HeapImplementation implementation = Named(name);
        state = NativeMemory.AllocZeroed((nuint)implementation.StateBytes);
        return implementation.Create(state, in source);
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
                    if (from.Name != to.Name)
                    {
                        data.Add(from.Name, to.Name);
                    }
                }
            }

            return data;
        }
    }
}
