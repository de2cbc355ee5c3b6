// What one address-space implementation is, in one value: its name and the one decision the implementations differ
// in, when a user page gets its frame. Everything else (the 4-level page tables, unmapping, protection, copying
// through the direct map, cloning, the frame limit) is the shared mechanism, UserPageTables.cs. The vm catalog
// (VmCatalog.cs) lists these. Shared code.
namespace MeghaOS.Memory.Paging;

/// <summary>The descriptor of an address-space implementation.</summary>
public unsafe struct VmImplementation
{
    /// <summary>The name users type and see ("eager", "demand").</summary>
    public string Name;

    /// <summary>
    /// Fills the leaf entry of one page Map has just mapped, given the entry's permission bits (present excepted):
    /// eager takes a zeroed frame at once, demand writes a reservation (not present) to be filled on first touch.
    /// On failure the entry must be left 0.
    /// </summary>
    public delegate*<SpaceRecord*, ulong*, ulong, VmStatus> MapPage;

    /// <summary>
    /// Fills a reserved entry on first touch (a page fault, or the kernel copying in or out); null when the
    /// implementation never reserves. On failure the entry is left as it was.
    /// </summary>
    public delegate*<SpaceRecord*, ulong*, VmStatus> FillReserved;
}

/// <summary>One live address space: its root, the frames it holds, its limit and which implementation made it.</summary>
public struct SpaceRecord
{
    /// <summary>Physical address of the top-level table; 0 for a free record.</summary>
    public ulong Root;

    /// <summary>Frames held: the root, every page table and every user frame.</summary>
    public ulong Frames;

    /// <summary>Most frames the space may hold (0: no limit).</summary>
    public ulong FrameLimit;

    /// <summary>Index of the implementation that created it (UserPageTables' list).</summary>
    public int Implementation;
}
