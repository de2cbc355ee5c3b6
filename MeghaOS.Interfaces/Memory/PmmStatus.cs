// Every way a PMM request can end. Callers handle these; the PMM never panics or throws on bad input.
namespace MeghaOS.Memory;

/// <summary>
/// The result of a physical memory manager request. Every value other than <see cref="Success"/> means the
/// request changed nothing.
/// </summary>
public enum PmmStatus
{
    /// <summary>The request was carried out.</summary>
    Success = 0,

    /// <summary>No PMM implementation has been installed with <see cref="Pmm.SetOperations"/>.</summary>
    NotInitialized,

    /// <summary>No run of free frames with the requested count and alignment exists.</summary>
    OutOfMemory,

    /// <summary>A frame count of zero was asked for (allocation, allocation at an address) or passed to a free.</summary>
    ZeroCount,

    /// <summary>The alignment is zero or not a power of two (it is counted in frames).</summary>
    InvalidAlignment,

    /// <summary>The address handed to a free or an allocation at an address is not the first byte of a frame.</summary>
    MisalignedAddress,

    /// <summary>The range handed to a free or an allocation at an address lies, at least in part, outside the managed frames.</summary>
    AddressOutOfRange,

    /// <summary>
    /// The free names a reserved frame (a hole, firmware memory, the kernel image, PMM metadata...), or an allocation
    /// at an address covers one.
    /// </summary>
    FrameReserved,

    /// <summary>The free names a frame that was allocated once and has been freed already.</summary>
    DoubleFree,

    /// <summary>The free names a frame that has never been allocated.</summary>
    NotAllocated,

    /// <summary>The free names a frame inside an allocation, not the allocation's first frame.</summary>
    NotAllocationStart,

    /// <summary>The free's frame count differs from the count the allocation was made with.</summary>
    CountMismatch,

    /// <summary>Initialisation: the metadata buffer is smaller than the implementation needs.</summary>
    MetadataTooSmall,

    /// <summary>Initialisation: the memory map holds no usable frame.</summary>
    NoUsableMemory,

    /// <summary>Initialisation: more frames than the implementation can manage.</summary>
    TooManyFrames,

    /// <summary><see cref="Pmm.SetOperations"/>: the table has a missing name or function pointer.</summary>
    IncompleteOperations,

    /// <summary>
    /// <see cref="Pmm.SetOperations"/>: the new implementation's bitmaps differ from the active one's, so switching
    /// would lose or invent allocations. The new implementation must take over the active state first.
    /// </summary>
    HandoverMismatch,

    /// <summary>
    /// An allocation at a given address names a frame that is allocated already (double allocation). Added last so
    /// the earlier values keep their numbers.
    /// </summary>
    AlreadyAllocated,

    /// <summary>
    /// A free or a split names an allocation that belongs to another <see cref="FrameOwner"/> than the caller's (the
    /// shell freeing the kernel heap's frames). Added last so the earlier values keep their numbers.
    /// </summary>
    WrongOwner,
}
