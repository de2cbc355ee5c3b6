// Installs the kernel heap: a free-list heap ("freelist", active at boot) and a size-class heap ("slab"), both taking
// frames from the PMM, registered with the heap subsystem so the boot command line or /sys/heap/implementation can
// switch between them. From then on managed `new` is served by the active one (Runtime/ObjectAllocator.cs).
namespace MeghaOS.Memory;

using MeghaOS.Subsystems;

/// <summary>The kernel heap bring-up.</summary>
internal static unsafe class KernelHeap
{
    private static FreeListHeapState s_freeList;
    private static SlabHeapState s_slab;

    /// <summary>Creates both heaps and makes the free-list heap the active one.</summary>
    internal static HeapStatus Initialize()
    {
        fixed (FreeListHeapState* freeList = &s_freeList)
        fixed (SlabHeapState* slab = &s_slab)
        {
            HeapOperations first = FreeListHeap.Create(freeList, FrameSource.FromPmm);
            SlabHeap.Create(slab, FrameSource.FromPmm);
            return Heap.SetOperations(first);
        }
    }

    /// <summary>Registers "freelist" and "slab" with the heap subsystem (the order /sys/heap/implementation lists).</summary>
    internal static void Register()
    {
        fixed (FreeListHeapState* freeList = &s_freeList)
        fixed (SlabHeapState* slab = &s_slab)
        {
            HeapSubsystem.Register(FreeListHeap.Operations(freeList));
            HeapSubsystem.Register(SlabHeap.Operations(slab));
        }
    }

    /// <summary>Frames both heaps hold from the PMM.</summary>
    internal static ulong FramesHeld
    {
        get
        {
            fixed (FreeListHeapState* freeList = &s_freeList)
            fixed (SlabHeapState* slab = &s_slab)
            {
                return FreeListHeap.FramesHeld(freeList) + SlabHeap.FramesHeld(slab);
            }
        }
    }
}
