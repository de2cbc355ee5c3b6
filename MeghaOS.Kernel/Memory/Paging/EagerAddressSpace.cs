// The "eager" address-space implementation: every page Map maps gets its zeroed frame at once, so a program never
// faults on memory it was given, and running out of frames shows at Map (OutOfMemory or LimitReached), not later
// at a store. Shared code (the mechanism is UserPageTables.cs).
namespace MeghaOS.Memory.Paging;

/// <summary>Frames taken at Map.</summary>
public static unsafe class EagerAddressSpace
{
    /// <summary>The descriptor for the vm catalog.</summary>
    public static VmImplementation Implementation => new VmImplementation
    {
        Name = "eager",
        MapPage = &MapPage,
        FillReserved = null, // never reserves
    };

    private static VmStatus MapPage(SpaceRecord* space, ulong* entry, ulong permissions)
    {
        VmStatus status = UserPageTables.TakeZeroedFrame(space, FrameOwner.User, out ulong frame);
        if (status == VmStatus.Success)
        {
            *entry = frame | UserPageTables.Present | permissions;
        }

        return status;
    }
}
