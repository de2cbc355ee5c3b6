// The PMM's operations table: what an implementation fills in and hands to Pmm.SetOperations.
// It mirrors the seed design's pmm_op struct: plain function pointers plus a context pointer, like a driver.
namespace MeghaOS.Memory;

/// <summary>
/// The operations table of a physical memory manager implementation. Every function takes
/// <see cref="Context"/> as its first argument, so one implementation can have several instances (tests do).
/// </summary>
public unsafe struct PmmOperations
{
    /// <summary>Short lower-case name users see and type, such as "bitmap" or "buddy".</summary>
    public string Name;

    /// <summary>The instance's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>
    /// Allocates <c>count</c> contiguous frames whose first frame number is a multiple of <c>alignment</c>
    /// (a power of two, in frames) for an owner. On success writes the first frame's address; on failure changes
    /// nothing.
    /// </summary>
    public delegate*<void*, ulong, ulong, FrameOwner, out PhysicalAddress, PmmStatus> Allocate;

    /// <summary>
    /// Allocates exactly the <c>count</c> frames starting at a given frame-aligned address, as one allocation of an
    /// owner (freed later with that address, count and owner). Fails with <see cref="PmmStatus.AlreadyAllocated"/>
    /// when any of them is allocated, <see cref="PmmStatus.FrameReserved"/> when any is reserved; on failure changes
    /// nothing.
    /// </summary>
    public delegate*<void*, PhysicalAddress, ulong, FrameOwner, PmmStatus> AllocateAt;

    /// <summary>
    /// Frees <c>count</c> frames starting at an address an allocation returned, with that allocation's count and
    /// owner (<see cref="PmmStatus.WrongOwner"/> for anyone else's allocation).
    /// </summary>
    public delegate*<void*, PhysicalAddress, ulong, FrameOwner, PmmStatus> Deallocate;

    /// <summary>
    /// Splits the owner's allocation that holds the frame at an address into two allocations, the second starting at
    /// that frame, so part of it can be freed (the shared code fills this in for every implementation).
    /// </summary>
    public delegate*<void*, PhysicalAddress, FrameOwner, PmmStatus> Split;

    /// <summary>Returns the total, free and reserved frame counts.</summary>
    public delegate*<void*, PmmCounts> GetCounts;

    /// <summary>Returns the view of the per-frame bitmaps (the PAB among them) and owners, for users and for handing over.</summary>
    public delegate*<void*, FrameStateView> GetState;

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete =>
        Name != null && Allocate != null && AllocateAt != null && Deallocate != null && Split != null && GetCounts != null &&
        GetState != null;
}
