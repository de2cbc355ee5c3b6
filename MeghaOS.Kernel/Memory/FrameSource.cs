// Where the kernel heap gets whole page frames from, and gives them back to. In the kernel this is the PMM facade
// (see FromPmm); host tests supply their own, so heap tests do not depend on the global PMM. Shared code.
namespace MeghaOS.Memory;

/// <summary>A supplier of contiguous page frames: allocate and free, like the PMM.</summary>
public unsafe struct FrameSource
{
    /// <summary>The supplier's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>Allocates <c>count</c> contiguous frames (alignment 1).</summary>
    public delegate*<void*, ulong, out PhysicalAddress, PmmStatus> Allocate;

    /// <summary>Frees frames an <see cref="Allocate"/> returned, with the same count.</summary>
    public delegate*<void*, PhysicalAddress, ulong, PmmStatus> Free;

    /// <summary>The PMM facade (<see cref="Pmm"/>) as a frame source.</summary>
    public static FrameSource FromPmm => new FrameSource { Context = null, Allocate = &AllocateFromPmm, Free = &FreeToPmm };

    private static PmmStatus AllocateFromPmm(void* context, ulong count, out PhysicalAddress address) =>
        Pmm.Allocate(count, 1, out address);

    private static PmmStatus FreeToPmm(void* context, PhysicalAddress address, ulong count) =>
        Pmm.Deallocate(address, count);
}
