// The address-space facade ("vm"): the process layer and the kernel's user-mode code call these global functions,
// which forward to the active implementation's operations table (AddressSpaceOperations.cs). Switching the
// implementation (echo demand > /sys/vm/implementation) changes how spaces created afterwards get their frames; a
// space keeps the behaviour it was created with, since every implementation serves every live space.
namespace MeghaOS.Memory.Paging;

/// <summary>The vm facade. Every call fails with <see cref="VmStatus.InvalidSpace"/> until an implementation is set.</summary>
public static unsafe class AddressSpaces
{
    private static AddressSpaceOperations s_operations;
    private static bool s_isActive;

    /// <summary>True once an implementation has been installed.</summary>
    public static bool IsActive => s_isActive;

    /// <summary>The active implementation's name, or "none".</summary>
    public static string ImplementationName => s_isActive ? s_operations.Name : "none";

    /// <summary>Makes <paramref name="operations"/> the active implementation; false (nothing changes) when incomplete.</summary>
    public static bool SetOperations(in AddressSpaceOperations operations)
    {
        if (!operations.IsComplete)
        {
            return false;
        }

        s_operations = operations;
        s_isActive = true;
        return true;
    }

    /// <summary>Forgets the active implementation. For tests.</summary>
    public static void Reset()
    {
        s_operations = default;
        s_isActive = false;
    }

    /// <summary>A new space (see <see cref="AddressSpaceOperations.Create"/>).</summary>
    public static VmStatus Create(ulong frameLimit, out AddressSpace space)
    {
        space = default;
        return s_isActive ? s_operations.Create(s_operations.Context, frameLimit, out space) : VmStatus.InvalidSpace;
    }

    /// <summary>Frees the space and every frame it holds.</summary>
    public static VmStatus Destroy(AddressSpace space) =>
        s_isActive ? s_operations.Destroy(s_operations.Context, space) : VmStatus.InvalidSpace;

    /// <summary>Maps zero-filled pages.</summary>
    public static VmStatus Map(AddressSpace space, ulong address, ulong length, PageAccess access) =>
        s_isActive ? s_operations.Map(s_operations.Context, space, address, length, access) : VmStatus.InvalidSpace;

    /// <summary>Unmaps pages and frees their frames.</summary>
    public static VmStatus Unmap(AddressSpace space, ulong address, ulong length) =>
        s_isActive ? s_operations.Unmap(s_operations.Context, space, address, length) : VmStatus.InvalidSpace;

    /// <summary>Changes the access of mapped pages.</summary>
    public static VmStatus Protect(AddressSpace space, ulong address, ulong length, PageAccess access) =>
        s_isActive ? s_operations.Protect(s_operations.Context, space, address, length, access) : VmStatus.InvalidSpace;

    /// <summary>A copy of the space's user half.</summary>
    public static VmStatus Clone(AddressSpace space, out AddressSpace copy)
    {
        copy = default;
        return s_isActive ? s_operations.Clone(s_operations.Context, space, out copy) : VmStatus.InvalidSpace;
    }

    /// <summary>Copies bytes out of the space.</summary>
    public static VmStatus Read(AddressSpace space, ulong address, byte* destination, ulong length) =>
        s_isActive ? s_operations.Read(s_operations.Context, space, address, destination, length) : VmStatus.InvalidSpace;

    /// <summary>Copies bytes into the space.</summary>
    public static VmStatus Write(AddressSpace space, ulong address, byte* source, ulong length, bool asUser) =>
        s_isActive ? s_operations.Write(s_operations.Context, space, address, source, length, asUser) : VmStatus.InvalidSpace;

    /// <summary>The access of the page holding an address.</summary>
    public static PageAccess Query(AddressSpace space, ulong address) =>
        s_isActive ? s_operations.Query(s_operations.Context, space, address) : PageAccess.None;

    /// <summary>Resolves a user page fault when it can (demand-zero); false: the program must be stopped.</summary>
    public static bool HandleFault(AddressSpace space, ulong address, bool write) =>
        s_isActive && s_operations.HandleFault(s_operations.Context, space, address, write);

    /// <summary>Frames the space holds.</summary>
    public static ulong FrameCount(AddressSpace space) =>
        s_isActive ? s_operations.FrameCount(s_operations.Context, space) : 0;

    /// <summary>Makes the space the current one.</summary>
    public static void Activate(AddressSpace space)
    {
        if (s_isActive)
        {
            s_operations.Activate(s_operations.Context, space);
        }
    }
    /// <summary>
    /// An operations table each of whose functions calls this facade, for a layer that takes a table (the process
    /// layer, Processes/ProcessSetup.cs): it then follows a switch of the implementation like every other caller.
    /// </summary>
    public static AddressSpaceOperations Forwarding => new AddressSpaceOperations
    {
        Name = "facade",
        Create = &ForwardCreate,
        Destroy = &ForwardDestroy,
        Map = &ForwardMap,
        Unmap = &ForwardUnmap,
        Protect = &ForwardProtect,
        Clone = &ForwardClone,
        Read = &ForwardRead,
        Write = &ForwardWrite,
        Query = &ForwardQuery,
        HandleFault = &ForwardHandleFault,
        FrameCount = &ForwardFrameCount,
        Activate = &ForwardActivate,
    };

    private static VmStatus ForwardCreate(void* context, ulong frameLimit, out AddressSpace space) => Create(frameLimit, out space);

    private static VmStatus ForwardDestroy(void* context, AddressSpace space) => Destroy(space);

    private static VmStatus ForwardMap(void* context, AddressSpace space, ulong address, ulong length, PageAccess access) =>
        Map(space, address, length, access);

    private static VmStatus ForwardUnmap(void* context, AddressSpace space, ulong address, ulong length) => Unmap(space, address, length);

    private static VmStatus ForwardProtect(void* context, AddressSpace space, ulong address, ulong length, PageAccess access) =>
        Protect(space, address, length, access);

    private static VmStatus ForwardClone(void* context, AddressSpace space, out AddressSpace copy) => Clone(space, out copy);

    private static VmStatus ForwardRead(void* context, AddressSpace space, ulong address, byte* destination, ulong length) =>
        Read(space, address, destination, length);

    private static VmStatus ForwardWrite(void* context, AddressSpace space, ulong address, byte* source, ulong length, bool asUser) =>
        Write(space, address, source, length, asUser);

    private static PageAccess ForwardQuery(void* context, AddressSpace space, ulong address) => Query(space, address);

    private static bool ForwardHandleFault(void* context, AddressSpace space, ulong address, bool write) =>
        HandleFault(space, address, write);

    private static ulong ForwardFrameCount(void* context, AddressSpace space) => FrameCount(space);

    private static void ForwardActivate(void* context, AddressSpace space) => Activate(space);
}
