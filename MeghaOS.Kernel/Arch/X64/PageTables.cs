// Changing one 4 KiB page of the direct map (Arch/X64/DirectMapTables.cs): used to unmap the guard page under each
// kernel task's stack (so an overflow faults instead of overwriting the memory below) and to map it again when the
// stack is freed. The direct map uses 1 GiB and 2 MiB pages; a large page that holds such a page is first split into
// a table of 512 pages of the next size down with the same flags (1 GiB -> 2 MiB -> 4 KiB), each table in a frame
// from the PMM, marked in its parent entry (software bit 9). When a page is mapped again and its table is whole again
// (every entry present, the same flags but for Accessed and Dirty, consecutive memory), a marked table is folded
// back into the large page and, once the TLB is flushed, its frame goes back to the PMM, so a task's stack leaves the page tables, and the PAB, as they were before it. Every
// table is reached through the direct map.
namespace MeghaOS.Arch.X64;

using MeghaOS.Memory;

/// <summary>Maps and unmaps single pages of the direct map.</summary>
internal static unsafe class PageTables
{
    private const ulong Present = 1;
    private const ulong Writable = 1 << 1;
    private const ulong LargePage = 1 << 7;
    private const ulong SplitHere = 1 << 9;
    private const ulong AccessedDirty = (1 << 5) | (1 << 6);         // available to software: this entry's table came from Split
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
    private const ulong GigabyteAddressMask = 0x000F_FFFF_C000_0000;
    private const ulong LargeAddressMask = 0x000F_FFFF_FFE0_0000;
    private const int GigabyteShift = 30;
    private const int LargeShift = 21;
    private const int PageShift = 12;

    /// <summary>
    /// Makes the 4 KiB page at kernel address <paramref name="address"/> present or not. False when the address is
    /// not mapped or no frame could be had for splitting its large page (nothing changed then).
    /// </summary>
    internal static bool SetPresent(ulong address, bool present)
    {
        // The tables are shared by every address space and edited in several steps (split, flush, fold, free): one
        // caller at a time. Today's callers (a task's stack made and given back) already run with interrupts off.
        bool interrupts = Cpu.SaveAndDisableInterrupts();
        bool done = Change(address, present);
        KernelTaskMachine.RestoreInterrupts(interrupts);
        return done;
    }

    private static bool Change(ulong address, bool present)
    {
        ulong* pml4 = Table(Cpu.ReadCr3());
        ulong level4 = pml4[(address >> 39) & 511];
        if ((level4 & Present) == 0)
        {
            return false;
        }

        ulong* level3 = &Table(level4)[(address >> GigabyteShift) & 511];
        if ((*level3 & Present) == 0 || ((*level3 & LargePage) != 0 && !Split(level3, GigabyteAddressMask, LargeShift, LargePage)))
        {
            return false;
        }

        ulong* level2 = &Table(*level3)[(address >> LargeShift) & 511];
        if ((*level2 & Present) == 0 || ((*level2 & LargePage) != 0 && !Split(level2, LargeAddressMask, PageShift, 0)))
        {
            return false;
        }

        ulong* page = &Table(*level2)[(address >> PageShift) & 511];
        *page = present ? *page | Present : *page & ~Present;
        Cpu.InvalidatePage(address);
        if (present && TryFold(level2, LargeAddressMask, PageShift, 0, out PhysicalAddress table))
        {
            bool foldedAgain = TryFold(level3, GigabyteAddressMask, LargeShift, LargePage, out PhysicalAddress directory);
            Cpu.WriteCr3(Cpu.ReadCr3()); // the folded ranges' entries leave the TLB and the paging caches first...
            Pmm.Deallocate(table, 1, FrameOwner.PageTables); // ...then the tables' frames go back
            if (foldedAgain)
            {
                Pmm.Deallocate(directory, 1, FrameOwner.PageTables);
            }
        }

        return true;
    }


    // The reverse of Split: a table Split made whose 512 entries again map consecutive memory, all present with the
    // same flags, becomes the large page it was, and its frame goes back to the PMM. False when it is not whole.
    private static bool TryFold(ulong* entry, ulong addressMask, int childShift, ulong childLarge, out PhysicalAddress frame)
    {
        frame = PhysicalAddress.Null;
        if ((*entry & (Present | LargePage | SplitHere)) != (Present | SplitHere))
        {
            return false;
        }

        ulong* table = Table(*entry);
        ulong first = table[0];
        ulong flags = (first & 0x1FF) | AccessedDirty; // the CPU sets these per entry; they do not make pages differ
        if ((first & Present) == 0 || (first & LargePage) != childLarge)
        {
            return false;
        }

        ulong start = first & AddressMask;
        if ((start & ~addressMask & AddressMask) != 0)
        {
            return false;
        }

        for (ulong i = 1; i < 512; i++)
        {
            if ((table[i] | AccessedDirty) != ((start + (i << childShift)) | flags))
            {
                return false;
            }
        }

        frame = new PhysicalAddress(*entry & AddressMask);
        *entry = start | (flags & ~LargePage) | LargePage;
        return true;
    }

    // The table an entry (or CR3) points to, through the direct map.
    private static ulong* Table(ulong entry) => (ulong*)DirectMap.Pointer(entry & AddressMask);

    // A large page becomes a table of 512 pages of 1 << childShift bytes mapping the same memory with the same flags
    // (childLarge: the large-page bit, for 2 MiB children; 0 for 4 KiB ones, where bit 7 means something else).
    private static bool Split(ulong* entry, ulong addressMask, int childShift, ulong childLarge)
    {
        if (Pmm.AllocateFrame(FrameOwner.PageTables, out PhysicalAddress frame) != PmmStatus.Success)
        {
            return false;
        }

        ulong large = *entry;
        ulong flags = (large & 0x1FF & ~LargePage) | childLarge;
        ulong* table = (ulong*)DirectMap.Pointer(frame);
        for (ulong i = 0; i < 512; i++)
        {
            table[i] = ((large & addressMask) + (i << childShift)) | flags;
        }

        *entry = frame.Value | Present | Writable | SplitHere;
        return true;
    }
}
