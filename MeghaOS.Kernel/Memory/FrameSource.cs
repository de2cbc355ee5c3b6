// Where the kernel heap gets whole page frames from, and gives them back to. In the kernel this is the PMM facade
// (see FromPmm), every frame allocated as the kernel heap's; host tests supply their own, so heap tests do not depend
// on the global PMM. Shared code.
namespace MeghaOS.Memory;

/// <summary>A supplier of contiguous page frames: allocate, split and free, like the PMM.</summary>
public unsafe struct FrameSource
{
    /// <summary>The supplier's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>Allocates <c>count</c> contiguous frames (alignment 1).</summary>
    public delegate*<void*, ulong, out PhysicalAddress, PmmStatus> Allocate;

    /// <summary>Frees frames an <see cref="Allocate"/> (or a <see cref="Split"/>) made one allocation, with the same count.</summary>
    public delegate*<void*, PhysicalAddress, ulong, PmmStatus> Free;

    /// <summary>
    /// Splits the allocation holding the frame at an address into two, the second starting there (see
    /// <see cref="Pmm.Split"/>), so a heap can free the empty middle of a run it holds.
    /// </summary>
    public delegate*<void*, PhysicalAddress, PmmStatus> Split;

    /// <summary>The PMM facade (<see cref="Pmm"/>) as a frame source: every frame is the kernel heap's (<see cref="FrameOwner.KernelHeap"/>).</summary>
    public static FrameSource FromPmm => new FrameSource { Context = null, Allocate = &AllocateFromPmm, Free = &FreeToPmm, Split = &SplitInPmm };

    private static PmmStatus AllocateFromPmm(void* context, ulong count, out PhysicalAddress address) =>
        Pmm.Allocate(count, 1, FrameOwner.KernelHeap, out address);

    private static PmmStatus FreeToPmm(void* context, PhysicalAddress address, ulong count) =>
        Pmm.Deallocate(address, count, FrameOwner.KernelHeap);

    private static PmmStatus SplitInPmm(void* context, PhysicalAddress address) => Pmm.Split(address, FrameOwner.KernelHeap);
}
