// Every way a kernel heap free can end.
namespace MeghaOS.Memory;

/// <summary>The result of a kernel heap request. Anything but <see cref="Success"/> changed nothing.</summary>
public enum HeapStatus
{
    /// <summary>Done.</summary>
    Success = 0,

    /// <summary>No heap implementation has been installed.</summary>
    NotInitialized,

    /// <summary>The pointer was not returned by any installed heap implementation, or not its start.</summary>
    InvalidPointer,

    /// <summary>The block was freed already.</summary>
    DoubleFree,

    /// <summary>SetOperations: the table has a missing name or function pointer.</summary>
    IncompleteOperations,

    /// <summary>SetOperations: too many implementations have been installed over the kernel's life.</summary>
    TooManyImplementations,
}
