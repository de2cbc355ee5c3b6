// A kernel heap for host tests: blocks come from NativeMemory, and every live block is tracked so tests can check
// that nothing leaks and that frees name real blocks.
namespace MeghaOS.Tests.Support;

using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>Installs a NativeMemory-backed implementation behind the <see cref="Heap"/> facade.</summary>
public static unsafe class TestHeap
{
    private static readonly Dictionary<nint, nuint> s_live = new();
    private static ulong s_bytesInUse;

    /// <summary>Live allocations.</summary>
    public static int LiveBlocks => s_live.Count;

    /// <summary>Bytes in live allocations.</summary>
    public static ulong BytesInUse => s_bytesInUse;

    /// <summary>When set, every allocation fails (to test out-of-memory paths).</summary>
    public static bool FailAllocations { get; set; }

    /// <summary>Runs once after the next allocation: what a task that preempts the allocator's caller there does.</summary>
    public static System.Action<nuint>? AfterAllocate { get; set; }

    /// <summary>Frees every live block, resets the facade and installs this heap.</summary>
    public static void Install()
    {
        foreach (KeyValuePair<nint, nuint> block in s_live)
        {
            NativeMemory.AlignedFree((void*)block.Key);
        }

        s_live.Clear();
        s_bytesInUse = 0;
        FailAllocations = false;
        AfterAllocate = null;
        Heap.Reset();
        HeapOperations operations = default;
        operations.Name = "test";
        operations.Allocate = &Allocate;
        operations.Free = &Free;
        operations.Owns = &Owns;
        operations.GetStats = &GetStats;
        operations.VisitFrameRuns = &VisitFrameRuns;
        operations.SetRetired = &SetRetired;
        Heap.SetOperations(operations);
    }

    private static void* Allocate(void* context, nuint size)
    {
        if (size == 0 || FailAllocations)
        {
            return null;
        }

        void* block = NativeMemory.AlignedAlloc(size, 16);
        // Junk-fill so code that forgets to initialise memory fails tests instead of seeing zeros.
        NativeMemory.Fill(block, size, 0xA5);
        s_live[(nint)block] = size;
        s_bytesInUse += size;
        System.Action<nuint>? after = AfterAllocate;
        AfterAllocate = null;
        after?.Invoke(size);
        return block;
    }

    private static HeapStatus Free(void* context, void* pointer)
    {
        if (!s_live.Remove((nint)pointer, out nuint size))
        {
            return HeapStatus.InvalidPointer;
        }

        s_bytesInUse -= size;
        NativeMemory.AlignedFree(pointer);
        return HeapStatus.Success;
    }

    private static bool Owns(void* context, void* pointer) => s_live.ContainsKey((nint)pointer);

    private static HeapStats GetStats(void* context) => new HeapStats(s_bytesInUse, 0, 0, (ulong)s_live.Count);

    // Its blocks come from NativeMemory, not from frames, and it is never switched out.
    private static void VisitFrameRuns(void* context, in FrameRunVisitor visitor)
    {
    }

    private static void SetRetired(void* context, bool retired)
    {
    }
}
