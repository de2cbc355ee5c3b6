// The page tables of the direct map: all of physical memory mapped once at DirectMapTables.Base (PML4 slot 256
// onward, supervisor-only, so every address space can share the kernel half), where MeghaOS.Memory.DirectMap turns a
// physical address into a pointer. Boot/Start.asm maps the first 4 GiB with 2 MiB pages (enough for the Multiboot
// structures, the VGA text memory and a framebuffer below 4 GiB); Extend maps the rest, up to the end of the highest
// range the memory map names (or the framebuffer), every GiB that an entry (usable or not) touches, with 1 GiB pages
// when the CPU has them (CPUID pdpe1gb) and 2 MiB pages otherwise. There is no fixed RAM cap: 128 PML4 slots give 64 TiB, which only a machine with more physical
// address space than that would exceed (the rest is then left unmapped, and unused).
namespace MeghaOS.Arch.X64;

using System;
using MeghaOS.Memory;

/// <summary>Builds the direct map beyond what the boot page tables map.</summary>
internal static unsafe class DirectMapTables
{
    /// <summary>Virtual address of physical address 0 (PML4 slot 256, the first of the higher half).</summary>
    internal const ulong Base = 0xFFFF_8000_0000_0000;

    /// <summary>Most physical bytes the direct map covers: 128 PML4 slots of 512 GiB (64 TiB).</summary>
    internal const ulong MaxBytes = (ulong)Slots << SlotShift;

    /// <summary>Bytes of one 1 GiB step of the map.</summary>
    internal const ulong GigabyteBytes = 1UL << GigabyteShift;

    private const int FirstSlot = 256;
    private const int Slots = 128;
    private const int SlotShift = 39;
    private const int GigabyteShift = 30;
    private const int LargeShift = 21;
    private const ulong Present = 1;
    private const ulong Writable = 1 << 1;
    private const ulong LargePage = 1 << 7;
    private const ulong NoExecute = 1UL << 63;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
    private const uint ExtendedFeaturesLeaf = 0x8000_0001;
    private const uint GigabytePagesBit = 1u << 26;

    /// <summary>True when the CPU maps 1 GiB pages (CPUID 0x8000_0001, EDX bit 26, pdpe1gb).</summary>
    internal static bool HasGigabytePages => (Cpu.CpuidEdx(ExtendedFeaturesLeaf) & GigabytePagesBit) != 0;

    /// <summary>
    /// Maps every GiB of physical <paramref name="mapped"/> .. <paramref name="end"/> (multiples of 1 GiB, at most
    /// <see cref="MaxBytes"/>; everything below <paramref name="mapped"/> already mapped) that an entry of
    /// <paramref name="regions"/> or <paramref name="extra"/> touches at <see cref="Base"/> + its address, taking
    /// frames of tables from physical <paramref name="tables"/> on (they must already be in the direct map and be
    /// reserved for good): a page directory pointer table per new 512 GiB slot and, with 2 MiB pages, a page
    /// directory per GiB. GiBs nothing names (holes in a large machine's address space) stay unmapped and cost no
    /// table. With <paramref name="countOnly"/> nothing is written. Returns the frames of tables taken (or needed).
    /// </summary>
    internal static ulong Extend(ReadOnlySpan<MemoryRegion> regions, PhysicalRange extra, ulong mapped, ulong end,
        bool gigabytePages, ulong tables, bool countOnly)
    {
        ulong* pml4 = (ulong*)DirectMap.Pointer(Cpu.ReadCr3() & AddressMask);
        ulong next = tables;
        int newSlot = -1;
        for (ulong gigabyte = mapped >> GigabyteShift; gigabyte < end >> GigabyteShift; gigabyte++)
        {
            ulong physical = gigabyte << GigabyteShift;
            if (!Touched(regions, extra, physical))
            {
                continue;
            }

            int slot = FirstSlot + (int)(gigabyte >> 9);
            ulong* level4 = &pml4[slot];
            if ((*level4 & Present) == 0 && slot != newSlot)
            {
                newSlot = slot;
                ulong pdptFrame = TakeTable(ref next, countOnly);
                if (!countOnly)
                {
                    *level4 = pdptFrame | Present | Writable;
                }
            }

            if (gigabytePages)
            {
                if (!countOnly)
                {
                    ((ulong*)DirectMap.Pointer(*level4 & AddressMask))[gigabyte & 511] = physical | Present | Writable | LargePage;
                }

                continue;
            }

            ulong directory = TakeTable(ref next, countOnly);
            if (countOnly)
            {
                continue;
            }

            ulong* entries = (ulong*)DirectMap.Pointer(directory);
            for (ulong i = 0; i < 512; i++)
            {
                entries[i] = (physical + (i << LargeShift)) | Present | Writable | LargePage;
            }

            ((ulong*)DirectMap.Pointer(*level4 & AddressMask))[gigabyte & 511] = directory | Present | Writable;
        }

        return (next - tables) / PhysicalAddress.FrameSize;
    }

    // True when a region or the extra range overlaps the GiB at physical.
    private static bool Touched(ReadOnlySpan<MemoryRegion> regions, PhysicalRange extra, ulong physical)
    {
        ulong last = physical + GigabyteBytes - 1;
        if (extra.Length != 0 && extra.Base <= last && extra.Base + extra.Length > physical)
        {
            return true;
        }

        for (int i = 0; i < regions.Length; i++)
        {
            if (regions[i].Length != 0 && regions[i].Base <= last && regions[i].End > physical)
            {
                return true;
            }
        }

        return false;
    }

    // The next table frame, zeroed.
    private static ulong TakeTable(ref ulong next, bool countOnly)
    {
        ulong table = next;
        next += PhysicalAddress.FrameSize;
        if (countOnly)
        {
            return table;
        }

        ulong* entries = (ulong*)DirectMap.Pointer(table);
        for (int i = 0; i < 512; i++)
        {
            entries[i] = 0;
        }

        return table;
    }

    /// <summary>
    /// Makes the whole direct map no-execute (the XD bit of each of its PML4 entries, which covers everything below):
    /// the direct map holds data (stacks, heap, page tables, user frames), never code the kernel should run, and the
    /// kernel's code is mapped apart, in the kernel image. Call once, with EFER.NXE on (the bit is reserved without
    /// it) and after the map is complete; address spaces made later copy these entries. Returns the slots changed.
    /// </summary>
    internal static int ForbidExecution()
    {
        ulong root = Cpu.ReadCr3() & AddressMask;
        ulong* pml4 = (ulong*)DirectMap.Pointer(root);
        int changed = 0;
        for (int slot = FirstSlot; slot < FirstSlot + Slots; slot++)
        {
            if ((pml4[slot] & Present) != 0)
            {
                pml4[slot] |= NoExecute;
                changed++;
            }
        }

        Cpu.WriteCr3(root); // no translation cached without the bit survives
        return changed;
    }
}
