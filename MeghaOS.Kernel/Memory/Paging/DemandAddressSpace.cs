// The "demand" address-space implementation (demand-zero paging): Map only writes a reservation into each leaf
// entry (not present, with the permissions kept in the entry and a software bit saying "reserved"), so mapping a
// large heap or stack costs page tables but no frames; the first touch, by the program (a page fault the kernel
// hands to HandleFault) or by the kernel copying in or out, takes a zeroed frame. A program whose memory runs out
// learns it at that touch (its process ends) instead of at Map. Shared code (the mechanism is UserPageTables.cs).
namespace MeghaOS.Memory.Paging;

/// <summary>Frames taken on first touch.</summary>
public static unsafe class DemandAddressSpace
{
    /// <summary>The descriptor for the vm catalog.</summary>
    public static VmImplementation Implementation => new VmImplementation
    {
        Name = "demand",
        MapPage = &MapPage,
        FillReserved = &FillReserved,
    };

    private static VmStatus MapPage(SpaceRecord* space, ulong* entry, ulong permissions)
    {
        *entry = UserPageTables.Reserved | permissions;
        return VmStatus.Success;
    }

    private static VmStatus FillReserved(SpaceRecord* space, ulong* entry)
    {
        VmStatus status = UserPageTables.TakeZeroedFrame(space, FrameOwner.User, out ulong frame);
        if (status == VmStatus.Success)
        {
            *entry = frame | UserPageTables.Present | (*entry & ~UserPageTables.Reserved);
        }

        return status;
    }
}
