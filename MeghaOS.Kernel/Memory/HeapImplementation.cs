// What one kernel heap implementation is, in one value: its name, how much state it needs, how to create an
// instance in that state taking frames from a frame source, and how many frames it may keep once empty. The heap
// catalog (HeapCatalog.cs) lists these; the heap subsystem and the host tests read it. Shared code.
namespace MeghaOS.Memory;

/// <summary>The descriptor of a kernel heap implementation.</summary>
public unsafe struct HeapImplementation
{
    /// <summary>The name users type and see ("freelist"), also the operations table's name.</summary>
    public string Name;

    /// <summary>Bytes of state one instance needs (zeroed memory the caller supplies).</summary>
    public ulong StateBytes;

    /// <summary>Creates an empty instance in the state memory, taking frames from the source; returns its table.</summary>
    public delegate*<void*, in FrameSource, HeapOperations> Create;

    /// <summary>
    /// Frames an instance may keep from its source once every block is freed (spare memory kept so the next
    /// allocation need not go back to the PMM).
    /// </summary>
    public ulong SpareFramesWhenEmpty;
}
