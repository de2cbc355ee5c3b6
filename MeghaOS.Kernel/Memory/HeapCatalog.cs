// The one list of kernel heap implementations: the heap subsystem registers them at boot in this order (the first
// is the default), and the host contract, facade and benchmark suites read it. Adding one: its file, and one line
// here. Shared code.
namespace MeghaOS.Memory;

using System;

/// <summary>Every kernel heap implementation, the default first.</summary>
public static class HeapCatalog
{
    private static readonly HeapImplementation[] s_implementations =
    {
        FreeListHeap.Implementation, // the default
        SlabHeap.Implementation,
    };

    /// <summary>The implementations in catalog order (the order /sys/heap/implementation lists them).</summary>
    public static ReadOnlySpan<HeapImplementation> All => s_implementations;
}
