// The operations table of the address-space subsystem ("vm"): one process's user half, its pages and their
// permissions. The kernel half (kernel image and direct map) is the same in every space and never touched here.
// Implementations differ in when a user frame is taken: eagerly at Map, or on first touch (demand-zero).
// Every user frame and page-table frame comes from the PMM facade (owners FrameOwner.User and FrameOwner.PageTables)
// and goes back at Unmap and Destroy, so the PAB after a process ends equals the PAB before it began.
namespace MeghaOS.Memory.Paging;

/// <summary>An address space, named by the physical address of its top-level page table (0: none).</summary>
public readonly struct AddressSpace
{
    /// <summary>Physical address of the root table (what CR3 holds while the space runs).</summary>
    public readonly ulong Root;

    /// <summary>Wraps a root.</summary>
    public AddressSpace(ulong root) => Root = root;

    /// <summary>True for the null space.</summary>
    public bool IsNull => Root == 0;
}

/// <summary>Function pointers an address-space implementation fills in (see docs/subsystems.md).</summary>
public unsafe struct AddressSpaceOperations
{
    /// <summary>The implementation's name ("eager", "demand"), what /sys/vm/implementation lists.</summary>
    public string Name;

    /// <summary>The implementation's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>A new space with an empty user half and the kernel half shared. <c>frameLimit</c> caps its frames (0: none).</summary>
    public delegate*<void*, ulong, out AddressSpace, VmStatus> Create;

    /// <summary>Frees every user frame and page-table frame of the space, and the space.</summary>
    public delegate*<void*, AddressSpace, VmStatus> Destroy;

    /// <summary>Maps zero-filled pages at [address, address + length), page-aligned, with the access given.</summary>
    public delegate*<void*, AddressSpace, ulong, ulong, PageAccess, VmStatus> Map;

    /// <summary>Unmaps pages in the range (pages not mapped are skipped) and frees their frames.</summary>
    public delegate*<void*, AddressSpace, ulong, ulong, VmStatus> Unmap;

    /// <summary>Changes the access of every page in the range; Fault if one is not mapped.</summary>
    public delegate*<void*, AddressSpace, ulong, ulong, PageAccess, VmStatus> Protect;

    /// <summary>A copy of the whole user half (fork). Nothing is left allocated on failure.</summary>
    public delegate*<void*, AddressSpace, out AddressSpace, VmStatus> Clone;

    /// <summary>
    /// Copies bytes out of the space (copy-in). Fault unless every byte is in a mapped user page (demand-zero pages
    /// are filled first).
    /// </summary>
    public delegate*<void*, AddressSpace, ulong, byte*, ulong, VmStatus> Read;

    /// <summary>
    /// Copies bytes into the space (copy-out). With <c>asUser</c> every page must be user-writable, as a program's
    /// own store would need; without it (the ELF loader filling a read-only segment) mapped is enough.
    /// </summary>
    public delegate*<void*, AddressSpace, ulong, byte*, ulong, bool, VmStatus> Write;

    /// <summary>The access of the page holding an address (None when not mapped).</summary>
    public delegate*<void*, AddressSpace, ulong, PageAccess> Query;

    /// <summary>
    /// A page fault by the program at an address: true when the implementation resolved it (a demand-zero page was
    /// filled) and the program may retry; false when the program must be stopped.
    /// </summary>
    public delegate*<void*, AddressSpace, ulong, bool, bool> HandleFault;

    /// <summary>Frames the space holds (user pages and page tables).</summary>
    public delegate*<void*, AddressSpace, ulong> FrameCount;

    /// <summary>Makes the space the current one (loads CR3 in the kernel; nothing on the host).</summary>
    public delegate*<void*, AddressSpace, void> Activate;

    /// <summary>True when every function is set.</summary>
    public readonly bool IsComplete =>
        Create != null && Destroy != null && Map != null && Unmap != null && Protect != null && Clone != null &&
        Read != null && Write != null && Query != null && HandleFault != null && FrameCount != null && Activate != null;
}
