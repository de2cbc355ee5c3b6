// Every outcome of an address-space operation. Callers in the system-call layer turn these into Linux errno values
// (see Syscalls): Fault -> EFAULT, OutOfMemory and LimitReached -> ENOMEM, the rest -> EINVAL.
namespace MeghaOS.Memory.Paging;

/// <summary>The result of an <see cref="AddressSpaceOperations"/> call.</summary>
public enum VmStatus
{
    /// <summary>Done.</summary>
    Success,

    /// <summary>An address or length is not page-aligned where it must be, or the range wraps.</summary>
    Misaligned,

    /// <summary>The range is not wholly in the user half.</summary>
    NotUserRange,

    /// <summary>Part of the range to map is already mapped.</summary>
    AlreadyMapped,

    /// <summary>Part of the range is not mapped, or not mapped with the access asked for (a copy would fault).</summary>
    Fault,

    /// <summary>The PMM had no frame (for a page or a page table); nothing was left half-done.</summary>
    OutOfMemory,

    /// <summary>The address space reached its frame limit.</summary>
    LimitReached,

    /// <summary>The handle names no live address space.</summary>
    InvalidSpace,
}
