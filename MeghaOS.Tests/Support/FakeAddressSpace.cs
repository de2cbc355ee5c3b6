// An address-space implementation for host tests: pages live in host byte arrays, but every page and the root
// "table" take a frame from the PMM facade (owners User and PageTables) and give it back, so tests can compare the
// PAB before and after a process's life exactly as the kernel does. Honours the frame limit, alignment and the user
// half like the real one; HandleFault never resolves (eager allocation). The process and system-call tests use it
// rather than the real page tables (MeghaOS.Tests/Vm/VmHarness.cs, what the ELF loader tests run over) because it
// records what the real code cannot show on the host: which space was activated (what CR3 would hold) and whether a
// space was destroyed while active; and its spaces need no fake kernel root or direct-map window, so ProcessHarness
// stays a plain PMM with the process table on top.
namespace MeghaOS.Tests.Support;

using System.Collections.Generic;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;

/// <summary>The vm operations over host memory.</summary>
public static unsafe class FakeAddressSpace
{
    /// <summary>Where the user half ends.</summary>
    public const ulong UserTop = 0x0000_8000_0000_0000;

    // Roots are tagged so that frame 0 still gives a non-null space.
    private const ulong RootTag = 0x7000_0000_0000_0000;

    private sealed class Page
    {
        public byte[] Data = new byte[4096];
        public PageAccess Access;
        public PhysicalAddress Frame;
    }

    private sealed class Space
    {
        public readonly SortedDictionary<ulong, Page> Pages = new();
        public PhysicalAddress RootFrame;
        public ulong FrameLimit;
        public ulong Frames => 1 + (ulong)Pages.Count;
    }

    private static readonly Dictionary<ulong, Space> s_spaces = new();

    /// <summary>The space last activated (default: the kernel's).</summary>
    public static AddressSpace Active { get; private set; }

    /// <summary>Roots of the spaces that were destroyed while active (must stay empty).</summary>
    public static List<ulong> DestroyedWhileActive { get; } = new();

    /// <summary>Live spaces.</summary>
    public static int LiveSpaces => s_spaces.Count;

    /// <summary>Forgets every space (their frames are the PMM's business; tests reset the PMM too).</summary>
    public static void Reset()
    {
        s_spaces.Clear();
        Active = default;
        DestroyedWhileActive.Clear();
    }

    /// <summary>The operations table.</summary>
    public static AddressSpaceOperations Operations
    {
        get
        {
            AddressSpaceOperations operations = default;
            operations.Create = &Create;
            operations.Destroy = &Destroy;
            operations.Map = &Map;
            operations.Unmap = &Unmap;
            operations.Protect = &Protect;
            operations.Clone = &Clone;
            operations.Read = &Read;
            operations.Write = &Write;
            operations.Query = &Query;
            operations.HandleFault = &HandleFault;
            operations.FrameCount = &FrameCount;
            operations.Activate = &Activate;
            return operations;
        }
    }

    /// <summary>A new space, for tests that need one outside a process.</summary>
    public static AddressSpace New(ulong frameLimit = 0)
    {
        VmStatus status = Create(null, frameLimit, out AddressSpace space);
        return status == VmStatus.Success ? space : throw new System.InvalidOperationException(status.ToString());
    }

    /// <summary>Maps readable and writable pages (test setup).</summary>
    public static void MapForTest(AddressSpace space, ulong address, ulong length, PageAccess access = PageAccess.Read | PageAccess.Write)
    {
        VmStatus status = Map(null, space, address, length, access);
        if (status != VmStatus.Success)
        {
            throw new System.InvalidOperationException(status.ToString());
        }
    }

    /// <summary>Reads bytes of a space directly (test checks).</summary>
    public static byte[] Peek(AddressSpace space, ulong address, int length)
    {
        return SpaceBytes.Read(Operations, space, address, length);
    }

    /// <summary>Writes bytes into a space directly, whatever the access (test setup).</summary>
    public static void Poke(AddressSpace space, ulong address, byte[] bytes)
    {
        fixed (byte* source = bytes)
        {
            if (Write(null, space, address, source, (ulong)bytes.Length, false) != VmStatus.Success)
            {
                throw new System.InvalidOperationException("unmapped");
            }
        }
    }

    private static VmStatus Create(void* context, ulong frameLimit, out AddressSpace space)
    {
        space = default;
        if (Pmm.AllocateFrame(FrameOwner.PageTables, out PhysicalAddress root) != PmmStatus.Success)
        {
            return VmStatus.OutOfMemory;
        }

        space = new AddressSpace(root.Value | RootTag);
        s_spaces[space.Root] = new Space { RootFrame = root, FrameLimit = frameLimit };
        return VmStatus.Success;
    }

    private static VmStatus Destroy(void* context, AddressSpace handle)
    {
        if (!s_spaces.TryGetValue(handle.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        if (Active.Root == handle.Root)
        {
            DestroyedWhileActive.Add(handle.Root);
        }

        foreach (Page page in space.Pages.Values)
        {
            Pmm.Deallocate(page.Frame, 1, FrameOwner.User);
        }

        Pmm.Deallocate(space.RootFrame, 1, FrameOwner.PageTables);
        s_spaces.Remove(handle.Root);
        return VmStatus.Success;
    }

    private static VmStatus Check(AddressSpace handle, ulong address, ulong length, out Space space)
    {
        if (!s_spaces.TryGetValue(handle.Root, out space!))
        {
            return VmStatus.InvalidSpace;
        }

        if ((address & 4095) != 0 || (length & 4095) != 0 || address + length < address)
        {
            return VmStatus.Misaligned;
        }

        return address + length > UserTop ? VmStatus.NotUserRange : VmStatus.Success;
    }

    private static VmStatus Map(void* context, AddressSpace handle, ulong address, ulong length, PageAccess access)
    {
        VmStatus status = Check(handle, address, length, out Space space);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += 4096)
        {
            if (space.Pages.ContainsKey(page))
            {
                return VmStatus.AlreadyMapped;
            }
        }

        if (space.FrameLimit != 0 && space.Frames + length / 4096 > space.FrameLimit)
        {
            return VmStatus.LimitReached;
        }

        var added = new List<ulong>();
        for (ulong page = address; page < address + length; page += 4096)
        {
            if (Pmm.AllocateFrame(FrameOwner.User, out PhysicalAddress frame) != PmmStatus.Success)
            {
                foreach (ulong undo in added)
                {
                    Pmm.Deallocate(space.Pages[undo].Frame, 1, FrameOwner.User);
                    space.Pages.Remove(undo);
                }

                return VmStatus.OutOfMemory;
            }

            space.Pages[page] = new Page { Access = access | PageAccess.Read, Frame = frame };
            added.Add(page);
        }

        return VmStatus.Success;
    }

    private static VmStatus Unmap(void* context, AddressSpace handle, ulong address, ulong length)
    {
        VmStatus status = Check(handle, address, length, out Space space);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += 4096)
        {
            if (space.Pages.Remove(page, out Page? removed))
            {
                Pmm.Deallocate(removed.Frame, 1, FrameOwner.User);
            }
        }

        return VmStatus.Success;
    }

    private static VmStatus Protect(void* context, AddressSpace handle, ulong address, ulong length, PageAccess access)
    {
        VmStatus status = Check(handle, address, length, out Space space);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += 4096)
        {
            if (!space.Pages.ContainsKey(page))
            {
                return VmStatus.Fault;
            }
        }

        for (ulong page = address; page < address + length; page += 4096)
        {
            space.Pages[page].Access = access | PageAccess.Read;
        }

        return VmStatus.Success;
    }

    private static VmStatus Clone(void* context, AddressSpace handle, out AddressSpace copy)
    {
        copy = default;
        if (!s_spaces.TryGetValue(handle.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        VmStatus status = Create(context, space.FrameLimit, out AddressSpace created);
        if (status != VmStatus.Success)
        {
            return status;
        }

        Space target = s_spaces[created.Root];
        foreach (KeyValuePair<ulong, Page> entry in space.Pages)
        {
            if ((target.FrameLimit != 0 && target.Frames + 1 > target.FrameLimit) ||
                Pmm.AllocateFrame(FrameOwner.User, out PhysicalAddress frame) != PmmStatus.Success)
            {
                Destroy(context, created);
                return VmStatus.OutOfMemory;
            }

            target.Pages[entry.Key] = new Page { Access = entry.Value.Access, Frame = frame, Data = (byte[])entry.Value.Data.Clone() };
        }

        copy = created;
        return VmStatus.Success;
    }

    private static VmStatus Read(void* context, AddressSpace handle, ulong address, byte* destination, ulong count)
    {
        if (!s_spaces.TryGetValue(handle.Root, out Space? space) || !AllMapped(space, address, count, PageAccess.Read))
        {
            return VmStatus.Fault;
        }

        for (ulong i = 0; i < count; i++)
        {
            ulong at = address + i;
            destination[i] = space.Pages[at & ~4095UL].Data[at & 4095];
        }

        return VmStatus.Success;
    }

    private static VmStatus Write(void* context, AddressSpace handle, ulong address, byte* source, ulong count, bool asUser)
    {
        if (!s_spaces.TryGetValue(handle.Root, out Space? space) ||
            !AllMapped(space, address, count, asUser ? PageAccess.Write : PageAccess.Read))
        {
            return VmStatus.Fault;
        }

        for (ulong i = 0; i < count; i++)
        {
            ulong at = address + i;
            space.Pages[at & ~4095UL].Data[at & 4095] = source[i];
        }

        return VmStatus.Success;
    }

    private static bool AllMapped(Space space, ulong address, ulong count, PageAccess access)
    {
        if (address >= UserTop || count > UserTop - address)
        {
            return false;
        }

        for (ulong page = address & ~4095UL; page < address + count; page += 4096)
        {
            if (!space.Pages.TryGetValue(page, out Page? found) || (found.Access & access) != access)
            {
                return false;
            }
        }

        return true;
    }

    private static PageAccess Query(void* context, AddressSpace handle, ulong address) =>
        s_spaces.TryGetValue(handle.Root, out Space? space) && space.Pages.TryGetValue(address & ~4095UL, out Page? page)
            ? page.Access : PageAccess.None;

    private static bool HandleFault(void* context, AddressSpace handle, ulong address, bool write) => false;

    private static ulong FrameCount(void* context, AddressSpace handle) =>
        s_spaces.TryGetValue(handle.Root, out Space? space) ? space.Frames : 0;

    private static void Activate(void* context, AddressSpace handle) => Active = handle;
}
