// Bringing up physical memory at boot, in two steps. MapAll (before the console exists): read every entry of the
// Multiboot memory map (converted in place, in the loader's memory, which stays reserved: a map of any length fits),
// reserve what must never be handed out (the kernel image with its stacks, page tables and boot arena; the Multiboot
// information, memory map, command line, module table and initial ramdisk), and extend the direct map over all physical memory the map names (and
// the framebuffer). Initialize (once the console is up): say what MapAll found, cut usable RAM at what the PMM
// catalog manages, place the metadata of every implementation of the PMM catalog and reserve it, register them all,
// and activate the default.
// The direct map's page tables beyond the boot tables (Arch/X64/DirectMapTables.cs) are taken from usable RAM below
// the boot direct map (4 GiB, so they can be written before they map anything) and reserved here, before the PMM
// exists, like the kernel image: the PMM never hands them out, and nothing has to be taken back from it. Taking them
// from the PMM instead would need the PMM up first, but its metadata may itself lie above 4 GiB.
// The other implementations' metadata waits, reserved, for a switch through /sys/pmm/implementation, so switching
// never allocates.
namespace MeghaOS.Memory;

using System;
using System.Runtime.CompilerServices;
using MeghaOS.Arch.X64;
using MeghaOS.Boot;
using MeghaOS.Collections;
using MeghaOS.Devices;
using MeghaOS.Subsystems;

/// <summary>The boot-time memory map, the direct map's extent and the PMM bring-up.</summary>
internal static unsafe class PhysicalMemory
{
    private static MemoryRegion* s_regions;
    private static int s_regionCount;
    private static FixedList<PhysicalRange> s_reserved;
    private static FixedList<PhysicalRange> s_metadata;
    private static bool s_hasMap;
    private static MultibootMapStatus s_mapStatus;
    private static ulong s_physicalEnd;
    private static ulong s_directMapEnd;
    private static ulong s_tableBytes;
    private static bool s_gigabytePages;

    /// <summary>The memory map as the loader reported it, every entry, in its order.</summary>
    internal static ReadOnlySpan<MemoryRegion> Regions => new ReadOnlySpan<MemoryRegion>(s_regions, s_regionCount);

    /// <summary>Where each implementation of the PMM catalog keeps its metadata, in catalog order (empty: left out).</summary>
    internal static ReadOnlySpan<PhysicalRange> Metadata => s_metadata.Items;

    /// <summary>Physical bytes the direct map covers (from 0).</summary>
    internal static ulong DirectMapBytes => s_directMapEnd;

    /// <summary>Bytes of page tables the direct map took beyond the boot page tables.</summary>
    internal static ulong DirectMapTableBytes => s_tableBytes;

    /// <summary>True when the direct map beyond the boot page tables uses 1 GiB pages (else 2 MiB pages).</summary>
    internal static bool DirectMapUsesGigabytePages => s_gigabytePages;

    /// <summary>Bytes of usable RAM in the memory map.</summary>
    internal static ulong UsableBytes
    {
        get
        {
            ulong total = 0;
            ReadOnlySpan<MemoryRegion> regions = Regions;
            for (int i = 0; i < regions.Length; i++)
            {
                if (regions[i].Type == MemoryRegionType.Usable)
                {
                    total += regions[i].Length;
                }
            }

            return total;
        }
    }

    /// <summary>
    /// Reads the memory map, reserves the kernel's and the loader's ranges and maps all physical memory into the
    /// direct map. Runs before the console: what it has to say waits for <see cref="Initialize"/>. Without a memory
    /// map it does nothing (Initialize then fails).
    /// </summary>
    internal static void MapAll(byte* multibootInformation, BootLayout* layout)
    {
        s_directMapEnd = layout->BootDirectMapBytes;
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetMemoryMap(information, out uint mapAddress, out uint mapLength))
        {
            return;
        }

        // In place: each region takes no more bytes than its entry, so the map's own memory holds every one of them.
        s_hasMap = true;
        s_regions = (MemoryRegion*)DirectMap.Pointer(mapAddress);
        s_mapStatus = Multiboot.ReadMemoryMap(new ReadOnlySpan<byte>(DirectMap.Pointer(mapAddress), (int)mapLength),
            new Span<MemoryRegion>(s_regions, Multiboot.MaxEntries(mapLength)), out s_regionCount);

        // What the loader and the boot stub occupy. The memory map's memory now holds the regions the PMM subsystem
        // and /sys/pmm/regions read for the kernel's life, so it stays reserved.
        PmmMetadataPlacement.Reserve(ref s_reserved, KernelImage.Physical(layout->ImageStart), layout->ImageEnd - layout->ImageStart, "kernel image");
        PmmMetadataPlacement.Reserve(ref s_reserved, DirectMap.Physical(multibootInformation).Value, Multiboot.InformationBytes, "Multiboot information");
        PmmMetadataPlacement.Reserve(ref s_reserved, mapAddress, mapLength, "memory map");
        if (Multiboot.TryGetCommandLine(information, out uint commandLine))
        {
            int length = Multiboot.CommandLineLength(new ReadOnlySpan<byte>(DirectMap.Pointer(commandLine), Multiboot.MaxCommandLineBytes));
            PmmMetadataPlacement.Reserve(ref s_reserved, commandLine, (ulong)length + 1, "command line");
        }

        // The initial ramdisk (the first Multiboot module) and the module table stay put until /bin is copied out.
        // Any module in RAM is covered by the direct map built below, so only the direct map's own limit applies.
        BootRamdisk.Find(multibootInformation, DirectMapTables.MaxBytes);
        PmmMetadataPlacement.Reserve(ref s_reserved, BootRamdisk.Table.Base, BootRamdisk.Table.Length, "Multiboot modules");
        PmmMetadataPlacement.Reserve(ref s_reserved, BootRamdisk.Range.Base, BootRamdisk.Range.Length, "ramdisk");

        // Everything the map names, usable or not, and the framebuffer, in whole GiB, up to what the map can hold.
        ulong end = 0;
        for (int i = 0; i < s_regionCount; i++)
        {
            end = s_regions[i].End > end ? s_regions[i].End : end;
        }

        PhysicalRange framebufferRange = default;
        if (Multiboot.TryGetFramebuffer(new ReadOnlySpan<byte>(multibootInformation, Multiboot.FramebufferInformationBytes),
            out FramebufferInfo framebuffer))
        {
            framebufferRange = new PhysicalRange(framebuffer.Address, framebuffer.ByteCount);
            end = framebuffer.Address + framebuffer.ByteCount > end ? framebuffer.Address + framebuffer.ByteCount : end;
        }

        s_physicalEnd = end;
        end = end > DirectMapTables.MaxBytes ? DirectMapTables.MaxBytes
            : (end + DirectMapTables.GigabyteBytes - 1) & ~(DirectMapTables.GigabyteBytes - 1);
        s_gigabytePages = DirectMapTables.HasGigabytePages;
        ulong mapped = layout->BootDirectMapBytes;
        ulong tableBytes = DirectMapTables.Extend(Regions, framebufferRange, mapped, end, s_gigabytePages, 0, countOnly: true) *
            PhysicalAddress.FrameSize;
        if (tableBytes == 0)
        {
            s_directMapEnd = end > mapped ? end : mapped;
            return;
        }

        // The tables must already be mapped (below the boot direct map) and are reserved for good.
        if (!s_reserved.IsFull && MemoryMap.TryFindFreeRange(Regions, s_reserved.Items, tableBytes, PhysicalAddress.FrameSize,
            out PhysicalRange tables) && tables.Base + tables.Length <= mapped &&
            PmmMetadataPlacement.Reserve(ref s_reserved, tables.Base, tables.Length, "direct map page tables"))
        {
            DirectMapTables.Extend(Regions, framebufferRange, mapped, end, s_gigabytePages, tables.Base, countOnly: false);
            s_directMapEnd = end;
            s_tableBytes = tableBytes;
        }
    }

    /// <summary>
    /// Reads the memory map, registers every PMM implementation whose metadata found a place, and activates the
    /// default. Returns the PMM's status; on anything but Success the caller panics (the kernel cannot run without
    /// physical memory).
    /// </summary>
    internal static PmmStatus Initialize()
    {
        if (!s_hasMap)
        {
            return PmmStatus.NoUsableMemory;
        }

        Multiboot.ReportMemoryMap(s_mapStatus, s_regionCount);
        if (s_directMapEnd < s_physicalEnd)
        {
            Terminal.Write("warning: the direct map covers "u8);
            SubsystemMessages.WriteDecimal(s_directMapEnd >> 30);
            Terminal.Write(" GiB of the "u8);
            SubsystemMessages.WriteDecimal((s_physicalEnd + (1UL << 30) - 1) >> 30);
            Terminal.Write(" GiB of physical memory the memory map names; the rest is left unused\n"u8);
        }

        // RAM the direct map does not cover cannot be touched, so it must never be handed out.
        PmmMetadataPlacement.Reserve(ref s_reserved, s_directMapEnd, ulong.MaxValue - s_directMapEnd, "beyond the direct map");

        // A machine with more RAM than any PMM manages (or the direct map covers) still boots: the PMM manages what
        // lies below.
        ulong limit = ManageableBytes(s_directMapEnd);
        ulong unused = MemoryMap.ClipUsable(new Span<MemoryRegion>(s_regions, s_regionCount), limit);
        if (unused != 0)
        {
            Terminal.Write("warning: "u8);
            SubsystemMessages.WriteDecimal(unused >> 20);
            Terminal.Write(" MiB of RAM lie above the "u8);
            SubsystemMessages.WriteDecimal(limit >> 30);
            Terminal.Write(" GiB the PMM manages; they are left unused\n"u8);
        }

        // One metadata range per implementation; a catalog longer than the registry holds loses its tail, named.
        ReadOnlySpan<PmmImplementation> catalog = PmmCatalog.All;
        for (int i = 0; i < catalog.Length; i++)
        {
            if (!s_metadata.TryAdd(default))
            {
                SubsystemMessages.ReportRegistration("pmm", catalog[i].Name, RegistrationStatus.Full);
            }
        }

        catalog = catalog.Slice(0, s_metadata.Count);

        PmmMetadataPlacement.Place(catalog, Regions, ref s_reserved, s_metadata.Items);
        PhysicalRange* reserved = (PhysicalRange*)Unsafe.AsPointer(ref s_reserved.Slots[0]);
        PmmSubsystem.SetMemoryMap(s_regions, s_regionCount, reserved, s_reserved.Count);

        for (int i = 0; i < catalog.Length; i++)
        {
            PhysicalRange metadata = s_metadata.Items[i];
            if (metadata.Length != 0)
            {
                SubsystemMessages.ReportRegistration("pmm", catalog[i].Name,
                    PmmSubsystem.Register(catalog[i], DirectMap.Pointer(metadata.Base), metadata.Length));
            }
        }

        if (SubsystemRegistry.ActivateDefault(PmmSubsystem.Id) != ActivationStatus.Success)
        {
            return PmmSubsystem.LastStatus == PmmStatus.Success ? PmmStatus.NotInitialized : PmmSubsystem.LastStatus;
        }

        return PmmStatus.Success;
    }

    // The most frames the largest implementation of the catalog manages, or the direct map's end, if less.
    private static ulong ManageableBytes(ulong directMapBytes)
    {
        ulong frames = 0;
        ReadOnlySpan<PmmImplementation> catalog = PmmCatalog.All;
        for (int i = 0; i < catalog.Length; i++)
        {
            frames = catalog[i].MaxFrames > frames ? catalog[i].MaxFrames : frames;
        }

        ulong bytes = frames << PhysicalAddress.FrameShift;
        return bytes < directMapBytes ? bytes : directMapBytes;
    }
}
