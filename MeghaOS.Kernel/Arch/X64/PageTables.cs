// Changing one 4 KiB page of the kernel's identity map: used to unmap the guard page under each kernel task's
// stack (so an overflow faults instead of overwriting the memory below) and to map it again when the stack is freed.
// The boot page tables (Boot/Start.asm) map RAM with 2 MiB pages; a 2 MiB page that holds such a page is first split
// into a page table of 512 4 KiB pages with the same flags, in a frame from the PMM that stays a page table.
namespace MeghaOS.Arch.X64;

using MeghaOS.Memory;

/// <summary>Maps and unmaps single pages of the identity map.</summary>
internal static unsafe class PageTables
{
    private const ulong Present = 1;
    private const ulong Writable = 1 << 1;
    private const ulong LargePage = 1 << 7;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
    private const ulong LargeAddressMask = 0x000F_FFFF_FFE0_0000;

    /// <summary>
    /// Makes the 4 KiB page at <paramref name="address"/> present or not. False when the address is not in the
    /// identity map or no frame could be had for splitting its 2 MiB page (nothing changed then).
    /// </summary>
    internal static bool SetPresent(ulong address, bool present)
    {
        ulong* pml4 = (ulong*)(Cpu.ReadCr3() & AddressMask);
        ulong level4 = pml4[(address >> 39) & 511];
        if ((level4 & Present) == 0)
        {
            return false;
        }

        ulong* pdpt = (ulong*)(level4 & AddressMask);
        ulong level3 = pdpt[(address >> 30) & 511];
        if ((level3 & Present) == 0 || (level3 & LargePage) != 0)
        {
            return false;
        }

        ulong* directory = (ulong*)(level3 & AddressMask);
        ulong* entry = &directory[(address >> 21) & 511];
        if ((*entry & Present) == 0)
        {
            return false;
        }

        if ((*entry & LargePage) != 0 && !Split(entry))
        {
            return false;
        }

        ulong* table = (ulong*)(*entry & AddressMask);
        ulong* page = &table[(address >> 12) & 511];
        *page = present ? *page | Present : *page & ~Present;
        Cpu.InvalidatePage(address);
        return true;
    }

    // A 2 MiB page becomes a table of 512 4 KiB pages mapping the same memory with the same flags.
    private static bool Split(ulong* directoryEntry)
    {
        if (Pmm.AllocateFrame(FrameOwner.PageTables, out PhysicalAddress frame) != PmmStatus.Success)
        {
            return false;
        }

        ulong large = *directoryEntry;
        ulong flags = large & 0x1FF & ~LargePage;
        ulong* table = (ulong*)frame.Value;
        for (ulong i = 0; i < 512; i++)
        {
            table[i] = ((large & LargeAddressMask) + (i << 12)) | flags;
        }

        *directoryEntry = frame.Value | Present | Writable;
        return true;
    }
}
