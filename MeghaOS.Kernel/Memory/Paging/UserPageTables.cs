// The address-space mechanism every vm implementation shares: x86-64 4-level page tables (PML4, PDPT, page
// directory, page table; 4 KiB pages only) for one process's user half, in frames from the PMM facade (tables owned
// by FrameOwner.PageTables, user pages by FrameOwner.User) that the kernel reaches through the direct map
// (DirectMap.Pointer), never through a user address, so SMAP never trips and the host tests can run it over
// ordinary memory. The top-level entries the kernel uses are copied into every new space, supervisor-only, and no
// user range may reach into them. Unmap frees page tables that become empty, so a space that unmaps everything holds
// its root alone, and Destroy gives back every frame: the PAB afterwards equals the PAB before Create.
//
// A leaf entry is 0 (nothing), present (a frame), or a reservation (not present, Reserved set, the permissions kept
// in place) that the implementation which wrote it fills on first touch. The permissions: User always, Writable
// where asked, NoExecute where not executable (when the CPU has it; a software copy of the bit answers Query
// either way). Shared code: the caller supplies the table of spaces, interrupts are off inside (CriticalSection).
namespace MeghaOS.Memory.Paging;

using MeghaOS.Collections;
using MeghaOS.Text;

/// <summary>Page tables of user address spaces, behind <see cref="AddressSpaceOperations"/>.</summary>
public static unsafe class UserPageTables
{
    /// <summary>Entry bit: the entry maps something (a table or a frame).</summary>
    public const ulong Present = 1;

    /// <summary>Entry bit: stores allowed.</summary>
    public const ulong Writable = 1 << 1;

    /// <summary>Entry bit: ring 3 may use it.</summary>
    public const ulong User = 1 << 2;

    /// <summary>Software bit of a leaf entry that is not present: a page reserved by Map, filled on first touch.</summary>
    public const ulong Reserved = 1 << 9;

    /// <summary>Software bit 52: the page was mapped without Execute (Query's answer, with or without NX hardware).</summary>
    public const ulong SoftNoExecute = 1UL << 52;

    /// <summary>Entry bit 63: instruction fetches fault (needs EFER.NXE; reserved otherwise).</summary>
    public const ulong NoExecute = 1UL << 63;

    /// <summary>The physical address bits of an entry.</summary>
    public const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

    /// <summary>The end of the user half (the lowest non-canonical address).</summary>
    public const ulong UserEnd = 1UL << 47;

    private const ulong PageSize = PhysicalAddress.FrameSize;
    private const ulong TableFlags = Present | Writable | User; // permissions are decided at the leaf
    private const int TopLevel = 3;                            // level 3: PML4 ... level 0: page table

    private static SpaceRecord* s_spaces;
    private static int s_capacity;
    private static int s_live;
    private static FixedList<VmImplementation> s_implementations;
    private static ulong s_kernelRoot;
    private static bool s_noExecute;
    private static delegate*<ulong, void> s_load;
    private static delegate*<ulong, ulong, void> s_invalidate;

    /// <summary>Spaces alive now.</summary>
    public static int LiveSpaces => s_live;

    /// <summary>Most spaces alive at once.</summary>
    public static int Capacity => s_capacity;

    /// <summary>
    /// Sets the table of spaces (zeroed, <paramref name="capacity"/> records, kept for the kernel's life), the
    /// kernel's root table (its present top-level entries are the kernel half), whether the CPU has NX, and the
    /// machine's hooks: load a root into CR3 (0: the kernel's) and drop one page of a root from the TLB. Hooks may be
    /// null (host tests).
    /// </summary>
    public static void Initialize(SpaceRecord* spaces, int capacity, ulong kernelRoot, bool noExecute,
        delegate*<ulong, void> load, delegate*<ulong, ulong, void> invalidate)
    {
        s_spaces = spaces;
        s_capacity = capacity;
        s_live = 0;
        s_kernelRoot = kernelRoot;
        s_noExecute = noExecute;
        s_load = load;
        s_invalidate = invalidate;
    }

    /// <summary>Forgets everything (spaces are not freed). For tests.</summary>
    public static void Reset()
    {
        Initialize(null, 0, 0, false, null, null);
        s_implementations.Clear();
    }

    /// <summary>
    /// The operations table of <paramref name="implementation"/> (registered here; its Create makes spaces that
    /// behave as it says for their whole life). An incomplete table when 16 are registered already.
    /// </summary>
    public static AddressSpaceOperations Operations(in VmImplementation implementation)
    {
        if (implementation.MapPage == null || !s_implementations.TryAdd(implementation))
        {
            return default;
        }

        return new AddressSpaceOperations
        {
            Name = implementation.Name,
            Context = (void*)(nint)(s_implementations.Count - 1),
            Create = &Create,
            Destroy = &Destroy,
            Map = &Map,
            Unmap = &Unmap,
            Protect = &Protect,
            Clone = &Clone,
            Read = &Read,
            Write = &Write,
            Query = &Query,
            HandleFault = &HandleFault,
            FrameCount = &FrameCount,
            Activate = &Activate,
        };
    }

    /// <summary>
    /// Takes one frame for the space (counted against its limit), zeroed through the direct map. What
    /// implementations call for a user page.
    /// </summary>
    public static VmStatus TakeZeroedFrame(SpaceRecord* space, FrameOwner owner, out ulong frame)
    {
        VmStatus status = TakeFrame(space, owner, out frame);
        if (status == VmStatus.Success)
        {
            ulong* words = (ulong*)DirectMap.Pointer(frame);
            for (int i = 0; i < 512; i++)
            {
                words[i] = 0;
            }
        }

        return status;
    }

    private static VmStatus TakeFrame(SpaceRecord* space, FrameOwner owner, out ulong frame)
    {
        frame = 0;
        if (space->FrameLimit != 0 && space->Frames >= space->FrameLimit)
        {
            return VmStatus.LimitReached;
        }

        if (Pmm.AllocateFrame(owner, out PhysicalAddress address) != PmmStatus.Success)
        {
            return VmStatus.OutOfMemory;
        }

        space->Frames++;
        frame = address.Value;
        return VmStatus.Success;
    }

    private static void GiveFrame(SpaceRecord* space, ulong frame, FrameOwner owner)
    {
        Pmm.Deallocate(new PhysicalAddress(frame), 1, owner);
        space->Frames--;
    }

    private static ulong* Table(ulong physical) => (ulong*)DirectMap.Pointer(physical);

    private static bool KernelUsesSlot(int slot) =>
        slot >= 256 || (s_kernelRoot != 0 && (Table(s_kernelRoot)[slot] & Present) != 0);

    private static SpaceRecord* Find(AddressSpace space)
    {
        for (int i = 0; i < s_capacity && !space.IsNull; i++)
        {
            if (s_spaces[i].Root == space.Root)
            {
                return &s_spaces[i];
            }
        }

        return null;
    }

    // A page-aligned range inside the user half that avoids every top-level slot the kernel uses.
    private static VmStatus CheckRange(ulong address, ulong length)
    {
        if (((address | length) & (PageSize - 1)) != 0 || address + length < address)
        {
            return VmStatus.Misaligned;
        }

        return IsUserRange(address, length) ? VmStatus.Success : VmStatus.NotUserRange;
    }

    private static bool IsUserRange(ulong address, ulong length)
    {
        ulong end = address + length;
        if (end < address || end > UserEnd)
        {
            return false;
        }

        for (ulong slot = address >> 39; length != 0 && slot <= (end - 1) >> 39; slot++)
        {
            if (KernelUsesSlot((int)slot))
            {
                return false;
            }
        }

        return true;
    }

    // The leaf entry of a page, creating the tables on the way when asked (null: a table is missing, or no frame).
    private static ulong* Walk(SpaceRecord* space, ulong address, bool create, out VmStatus status)
    {
        ulong table = space->Root;
        for (int level = TopLevel; level >= 1; level--)
        {
            ulong* entry = &Table(table)[(address >> (12 + 9 * level)) & 511];
            if ((*entry & Present) == 0)
            {
                if (!create)
                {
                    status = VmStatus.Fault;
                    return null;
                }

                status = TakeZeroedFrame(space, FrameOwner.PageTables, out ulong frame);
                if (status != VmStatus.Success)
                {
                    return null;
                }

                *entry = frame | TableFlags;
            }

            table = *entry & AddressMask;
        }

        status = VmStatus.Success;
        return &Table(table)[(address >> 12) & 511];
    }

    private static ulong Permissions(PageAccess access)
    {
        ulong bits = User;
        bits |= (access & PageAccess.Write) != 0 ? Writable : 0;
        if ((access & PageAccess.Execute) == 0)
        {
            bits |= SoftNoExecute | (s_noExecute ? NoExecute : 0);
        }

        return bits;
    }

    private static void Invalidate(SpaceRecord* space, ulong address)
    {
        if (s_invalidate != null)
        {
            s_invalidate(space->Root, address);
        }
    }

    // Frees the frames of every leaf in [start, end) under a table and every table that becomes empty; true when the
    // table holds nothing afterwards. The root's kernel slots are copies and are skipped.
    private static bool Release(SpaceRecord* space, ulong table, int level, ulong start, ulong end, ulong tableBase)
    {
        ulong* entries = Table(table);
        ulong span = 1UL << (12 + 9 * level);
        bool empty = true;
        for (int i = 0; i < 512; i++)
        {
            ulong slotBase = tableBase + (ulong)i * span;
            ulong entry = entries[i];
            bool inRange = slotBase < end && slotBase + span > start && !(level == TopLevel && KernelUsesSlot(i));
            if (entry != 0 && inRange)
            {
                if (level == 0)
                {
                    if ((entry & Present) != 0)
                    {
                        GiveFrame(space, entry & AddressMask, FrameOwner.User);
                        Invalidate(space, slotBase);
                    }

                    entries[i] = 0;
                }
                else if (Release(space, entry & AddressMask, level - 1, start, end, slotBase))
                {
                    GiveFrame(space, entry & AddressMask, FrameOwner.PageTables);
                    entries[i] = 0;
                }
            }

            empty &= entries[i] == 0;
        }

        return empty;
    }

    private static VmStatus CreateRecord(int implementation, ulong frameLimit, out SpaceRecord* record)
    {
        record = null;
        for (int i = 0; i < s_capacity && record == null; i++)
        {
            record = s_spaces[i].Root == 0 ? &s_spaces[i] : null;
        }

        if (record == null)
        {
            return VmStatus.LimitReached;
        }

        *record = default;
        record->FrameLimit = frameLimit;
        record->Implementation = implementation;
        VmStatus status = TakeZeroedFrame(record, FrameOwner.PageTables, out ulong root);
        if (status != VmStatus.Success)
        {
            *record = default;
            return status;
        }

        record->Root = root;
        ulong* entries = Table(root);
        for (int i = 0; i < 512; i++)
        {
            ulong kernel = s_kernelRoot == 0 ? 0 : Table(s_kernelRoot)[i];
            entries[i] = (kernel & Present) != 0 ? kernel & ~User : 0;
        }

        s_live++;
        return VmStatus.Success;
    }

    private static void DestroyRecord(SpaceRecord* record)
    {
        Release(record, record->Root, TopLevel, 0, UserEnd, 0);
        GiveFrame(record, record->Root, FrameOwner.PageTables);
        *record = default;
        s_live--;
    }

    private static VmStatus Create(void* context, ulong frameLimit, out AddressSpace space)
    {
        space = default;
        bool section = CriticalSection.Enter();
        SpaceRecord* record = null;
        VmStatus status = s_spaces == null ? VmStatus.InvalidSpace : CreateRecord((int)(nint)context, frameLimit, out record);
        if (status == VmStatus.Success)
        {
            space = new AddressSpace(record->Root);
        }

        CriticalSection.Leave(section);
        return status;
    }

    private static VmStatus Destroy(void* context, AddressSpace space)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        if (record != null)
        {
            DestroyRecord(record);
        }

        CriticalSection.Leave(section);
        return record == null ? VmStatus.InvalidSpace : VmStatus.Success;
    }

    private static VmStatus Map(void* context, AddressSpace space, ulong address, ulong length, PageAccess access)
    {
        bool section = CriticalSection.Enter();
        VmStatus status = MapLocked(Find(space), address, length, access);
        CriticalSection.Leave(section);
        return status;
    }

    private static VmStatus MapLocked(SpaceRecord* record, ulong address, ulong length, PageAccess access)
    {
        if (record == null)
        {
            return VmStatus.InvalidSpace;
        }

        VmStatus status = CheckRange(address, length);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += PageSize)
        {
            ulong* entry = Walk(record, page, false, out _);
            if (entry != null && *entry != 0)
            {
                return VmStatus.AlreadyMapped;
            }
        }

        VmImplementation implementation = s_implementations.Items[record->Implementation];
        ulong permissions = Permissions(access);
        for (ulong page = address; page < address + length; page += PageSize)
        {
            ulong* entry = Walk(record, page, true, out status);
            if (entry != null)
            {
                status = implementation.MapPage(record, entry, permissions);
            }

            if (status != VmStatus.Success)
            {
                // Undo this call: its pages, and the tables it made (now empty).
                Release(record, record->Root, TopLevel, address, page + PageSize, 0);
                return status;
            }
        }

        return VmStatus.Success;
    }

    private static VmStatus Unmap(void* context, AddressSpace space, ulong address, ulong length)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        VmStatus status = record == null ? VmStatus.InvalidSpace : CheckRange(address, length);
        if (status == VmStatus.Success)
        {
            Release(record, record->Root, TopLevel, address, address + length, 0);
        }

        CriticalSection.Leave(section);
        return status;
    }

    private static VmStatus Protect(void* context, AddressSpace space, ulong address, ulong length, PageAccess access)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        VmStatus status = record == null ? VmStatus.InvalidSpace : CheckRange(address, length);
        for (ulong page = address; status == VmStatus.Success && page < address + length; page += PageSize)
        {
            ulong* entry = Walk(record, page, false, out _);
            status = entry != null && *entry != 0 ? VmStatus.Success : VmStatus.Fault;
        }

        ulong permissions = Permissions(access);
        for (ulong page = address; status == VmStatus.Success && page < address + length; page += PageSize)
        {
            ulong* entry = Walk(record, page, false, out _);
            *entry = (*entry & (AddressMask | Present | Reserved)) | permissions;
            Invalidate(record, page);
        }

        CriticalSection.Leave(section);
        return status;
    }

    private static VmStatus Clone(void* context, AddressSpace space, out AddressSpace copy)
    {
        copy = default;
        bool section = CriticalSection.Enter();
        SpaceRecord* source = Find(space);
        VmStatus status = VmStatus.InvalidSpace;
        if (source != null)
        {
            status = CreateRecord(source->Implementation, source->FrameLimit, out SpaceRecord* target);
            if (status == VmStatus.Success)
            {
                status = CopyTable(target, source->Root, target->Root, TopLevel);
                if (status == VmStatus.Success)
                {
                    copy = new AddressSpace(target->Root);
                }
                else
                {
                    DestroyRecord(target);
                }
            }
        }

        CriticalSection.Leave(section);
        return status;
    }

    // Copies a table's user entries: tables and frames get copies of their own, reservations stay reservations.
    private static VmStatus CopyTable(SpaceRecord* target, ulong from, ulong to, int level)
    {
        ulong* source = Table(from);
        ulong* destination = Table(to);
        for (int i = 0; i < 512; i++)
        {
            ulong entry = source[i];
            if (entry == 0 || (level == TopLevel && KernelUsesSlot(i)))
            {
                continue;
            }

            if (level == 0 && (entry & Present) == 0)
            {
                destination[i] = entry;
                continue;
            }

            VmStatus status = level == 0
                ? TakeFrame(target, FrameOwner.User, out ulong frame)
                : TakeZeroedFrame(target, FrameOwner.PageTables, out frame);
            if (status != VmStatus.Success)
            {
                return status;
            }

            destination[i] = frame | (entry & ~AddressMask);
            if (level == 0)
            {
                Bytes.Copy(DirectMap.Pointer(frame), DirectMap.Pointer(entry & AddressMask), PageSize);
            }
            else
            {
                status = CopyTable(target, entry & AddressMask, frame, level - 1);
                if (status != VmStatus.Success)
                {
                    return status;
                }
            }
        }

        return VmStatus.Success;
    }

    // The frame behind a user page, filling a reservation first; Fault unless it is a user page with the access.
    private static VmStatus Resolve(SpaceRecord* record, ulong page, bool write, out ulong frame)
    {
        frame = 0;
        ulong* entry = Walk(record, page, false, out _);
        if (entry == null || *entry == 0)
        {
            return VmStatus.Fault;
        }

        if ((*entry & Reserved) != 0)
        {
            VmImplementation implementation = s_implementations.Items[record->Implementation];
            VmStatus status = implementation.FillReserved == null ? VmStatus.Fault : implementation.FillReserved(record, entry);
            if (status != VmStatus.Success)
            {
                return status;
            }
        }

        if ((*entry & (Present | User)) != (Present | User) || (write && (*entry & Writable) == 0))
        {
            return VmStatus.Fault;
        }

        frame = *entry & AddressMask;
        return VmStatus.Success;
    }

    // Copy-in (toSpace false) and copy-out: every page is checked (and filled) before the first byte moves, so a
    // failed copy has written nothing.
    private static VmStatus CopyLocked(SpaceRecord* record, ulong address, byte* buffer, ulong length, bool toSpace, bool asUser)
    {
        if (record == null)
        {
            return VmStatus.InvalidSpace;
        }

        if (length == 0)
        {
            return VmStatus.Success;
        }

        ulong first = address & ~(PageSize - 1);
        if (!IsUserRange(first, ((address + length - 1) | (PageSize - 1)) + 1 - first) || address + length < address)
        {
            return VmStatus.Fault;
        }

        bool write = toSpace && asUser;
        for (ulong page = first; page < address + length; page += PageSize)
        {
            VmStatus status = Resolve(record, page, write, out _);
            if (status != VmStatus.Success)
            {
                return status;
            }
        }

        ulong done = 0;
        while (done < length)
        {
            ulong at = address + done;
            Resolve(record, at & ~(PageSize - 1), write, out ulong frame);
            ulong offset = at & (PageSize - 1);
            ulong chunk = PageSize - offset < length - done ? PageSize - offset : length - done;
            byte* inFrame = DirectMap.Pointer(frame + offset);
            if (toSpace)
            {
                Bytes.Copy(inFrame, buffer + done, chunk);
            }
            else
            {
                Bytes.Copy(buffer + done, inFrame, chunk);
            }

            done += chunk;
        }

        return VmStatus.Success;
    }

    private static VmStatus Read(void* context, AddressSpace space, ulong address, byte* destination, ulong length)
    {
        bool section = CriticalSection.Enter();
        VmStatus status = CopyLocked(Find(space), address, destination, length, false, false);
        CriticalSection.Leave(section);
        return status;
    }

    private static VmStatus Write(void* context, AddressSpace space, ulong address, byte* source, ulong length, bool asUser)
    {
        bool section = CriticalSection.Enter();
        VmStatus status = CopyLocked(Find(space), address, source, length, true, asUser);
        CriticalSection.Leave(section);
        return status;
    }

    private static PageAccess Query(void* context, AddressSpace space, ulong address)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        ulong* entry = record != null && IsUserRange(address & ~(PageSize - 1), PageSize) ? Walk(record, address, false, out _) : null;
        ulong bits = entry == null ? 0 : *entry;
        CriticalSection.Leave(section);
        if (bits == 0)
        {
            return PageAccess.None;
        }

        PageAccess access = PageAccess.Read;
        access |= (bits & Writable) != 0 ? PageAccess.Write : PageAccess.None;
        access |= (bits & SoftNoExecute) == 0 ? PageAccess.Execute : PageAccess.None;
        return access;
    }

    private static bool HandleFault(void* context, AddressSpace space, ulong address, bool write)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        ulong* entry = record != null && IsUserRange(address & ~(PageSize - 1), PageSize) ? Walk(record, address, false, out _) : null;
        bool resolved = false;
        if (entry != null && (*entry & Reserved) != 0 && (!write || (*entry & Writable) != 0))
        {
            resolved = Resolve(record, address & ~(PageSize - 1), write, out _) == VmStatus.Success;
        }

        CriticalSection.Leave(section);
        return resolved;
    }

    private static ulong FrameCount(void* context, AddressSpace space)
    {
        bool section = CriticalSection.Enter();
        SpaceRecord* record = Find(space);
        ulong frames = record == null ? 0 : record->Frames;
        CriticalSection.Leave(section);
        return frames;
    }

    private static void Activate(void* context, AddressSpace space)
    {
        if (s_load != null)
        {
            s_load(space.Root);
        }
    }
}
