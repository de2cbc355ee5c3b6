// Installs the kernel heap: one free-list heap, taking frames from the PMM, behind the Heap facade. From then on
// managed `new` is served from it too (Runtime/ObjectAllocator.cs).
namespace MeghaOS.Memory;

/// <summary>The kernel heap bring-up.</summary>
internal static unsafe class KernelHeap
{
    private static FreeListHeapState s_freeList;

    /// <summary>Creates the free-list heap and makes it the active heap.</summary>
    internal static HeapStatus Initialize()
    {
        fixed (FreeListHeapState* state = &s_freeList)
        {
            HeapOperations operations = FreeListHeap.Create(state, FrameSource.FromPmm);
            return Heap.SetOperations(operations);
        }
    }

    /// <summary>Frames the free-list heap holds from the PMM.</summary>
    internal static ulong FramesHeld
    {
        get
        {
            fixed (FreeListHeapState* state = &s_freeList)
            {
                return FreeListHeap.FramesHeld(state);
            }
        }
    }
}
