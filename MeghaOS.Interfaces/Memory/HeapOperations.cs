// The kernel heap's operations table: byte-granular allocation for kernel data (file contents, VFS nodes...), the runs
// of frames behind it (for `pmm check`), and retirement after a switch (empty frames go back to the PMM at once).
namespace MeghaOS.Memory;

/// <summary>The operations table of a kernel heap implementation.</summary>
public unsafe struct HeapOperations
{
    /// <summary>Short lower-case name, such as "freelist".</summary>
    public string Name;

    /// <summary>The instance's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>Allocates at least <c>size</c> bytes aligned to 16; returns null when out of memory or size is 0.</summary>
    public delegate*<void*, nuint, void*> Allocate;

    /// <summary>Frees a block this instance returned.</summary>
    public delegate*<void*, void*, HeapStatus> Free;

    /// <summary>True when <c>pointer</c> lies in memory this instance manages (so frees can be routed to it).</summary>
    public delegate*<void*, void*, bool> Owns;

    /// <summary>Returns the instance's figures.</summary>
    public delegate*<void*, HeapStats> GetStats;

    /// <summary>
    /// Calls the visitor once for every run of frames the instance holds from its frame source, each exactly one
    /// allocation of the source (what `pmm check` compares with the PMM's records).
    /// </summary>
    public delegate*<void*, in FrameRunVisitor, void> VisitFrameRuns;

    /// <summary>
    /// Retires the instance (true: it was switched out, it serves only frees of its old blocks, so every frame that is
    /// empty now or becomes empty later goes back to the frame source at once, for the active instance to use) or
    /// makes it active again (false: it may keep spare memory for its next allocations).
    /// </summary>
    public delegate*<void*, bool, void> SetRetired;

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete =>
        Name != null && Allocate != null && Free != null && Owns != null && GetStats != null && VisitFrameRuns != null &&
        SetRetired != null;
}
