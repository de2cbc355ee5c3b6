// The kernel heap's operations table: byte-granular allocation for kernel data (file contents, VFS nodes...).
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

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete =>
        Name != null && Allocate != null && Free != null && Owns != null && GetStats != null;
}
