// Bringing up the PMM at boot: read every entry of the Multiboot memory map (converted in place, in the loader's
// memory, which stays reserved: a map of any length fits), reserve what must never be handed out (the kernel image
// with its stacks, page tables and boot arena; the Multiboot information, memory map, command line, module table and
// initial ramdisk; memory past the identity map), place the metadata of every implementation of the PMM catalog and reserve it, register them all,
// and activate the default.
// The other implementations' metadata waits, reserved, for a switch through /sys/pmm/implementation, so switching
// never allocates.
namespace MeghaOS.Memory;

using System;
using System.Runtime.CompilerServices;
using MeghaOS.Boot;
using MeghaOS.Collections;
using MeghaOS.Devices;
using MeghaOS.Subsystems;

/// <summary>The boot-time memory map and the PMM bring-up.</summary>
internal static unsafe class PhysicalMemory
{
    private static MemoryRegion* s_regions;
    private static int s_regionCount;
    private static FixedList<PhysicalRange> s_reserved;
    private static FixedList<PhysicalRange> s_metadata;

    /// <summary>The memory map as the loader reported it, every entry, in its order.</summary>
    internal static ReadOnlySpan<MemoryRegion> Regions => new ReadOnlySpan<MemoryRegion>(s_regions, s_regionCount);

    /// <summary>Where each implementation of the PMM catalog keeps its metadata, in catalog order (empty: left out).</summary>
    internal static ReadOnlySpan<PhysicalRange> Metadata => s_metadata.Items;

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
    /// Reads the memory map, registers every PMM implementation whose metadata found a place, and activates the
    /// default. Returns the PMM's status; on anything but Success the caller panics (the kernel cannot run without
    /// physical memory).
    /// </summary>
    internal static PmmStatus Initialize(byte* multibootInformation, BootLayout* layout)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetMemoryMap(information, out uint mapAddress, out uint mapLength))
        {
            return PmmStatus.NoUsableMemory;
        }

        // In place: each region takes no more bytes than its entry, so the map's own memory holds every one of them.
        s_regions = (MemoryRegion*)mapAddress;
        MultibootMapStatus status = Multiboot.ReadMemoryMap(new ReadOnlySpan<byte>((byte*)mapAddress, (int)mapLength),
            new Span<MemoryRegion>(s_regions, Multiboot.MaxEntries(mapLength)), out s_regionCount);
        Multiboot.ReportMemoryMap(status, s_regionCount);

        // What the loader and the boot stub occupy. The memory map's memory now holds the regions the PMM subsystem
        // and /sys/pmm/regions read for the kernel's life, so it stays reserved.
        PmmMetadataPlacement.Reserve(ref s_reserved, layout->ImageStart, layout->ImageEnd - layout->ImageStart, "kernel image");
        PmmMetadataPlacement.Reserve(ref s_reserved, (ulong)multibootInformation, Multiboot.InformationBytes, "Multiboot information");
        PmmMetadataPlacement.Reserve(ref s_reserved, mapAddress, mapLength, "memory map");
        if (Multiboot.TryGetCommandLine(information, out uint commandLine))
        {
            int length = Multiboot.CommandLineLength(new ReadOnlySpan<byte>((byte*)commandLine, Multiboot.MaxCommandLineBytes));
            PmmMetadataPlacement.Reserve(ref s_reserved, commandLine, (ulong)length + 1, "command line");
        }

        // The initial ramdisk (the first Multiboot module) and the module table stay put until /bin is copied out.
        BootRamdisk.Find(multibootInformation, layout->IdentityMappedBytes);
        PmmMetadataPlacement.Reserve(ref s_reserved, BootRamdisk.Table.Base, BootRamdisk.Table.Length, "Multiboot modules");
        PmmMetadataPlacement.Reserve(ref s_reserved, BootRamdisk.Range.Base, BootRamdisk.Range.Length, "ramdisk");

        // RAM the boot page tables do not map cannot be touched, so it must never be handed out.
        PmmMetadataPlacement.Reserve(ref s_reserved, layout->IdentityMappedBytes, ulong.MaxValue - layout->IdentityMappedBytes, "beyond the identity map");

        // A machine with more RAM than the kernel maps or any PMM manages still boots: the PMM manages what lies below.
        ulong limit = ManageableBytes(layout->IdentityMappedBytes);
        ulong unused = MemoryMap.ClipUsable(new Span<MemoryRegion>(s_regions, s_regionCount), limit);
        if (unused != 0)
        {
            Terminal.Write("warning: "u8);
            SubsystemMessages.WriteDecimal(unused >> 20);
            Terminal.Write(" MiB of RAM lie above the "u8);
            SubsystemMessages.WriteDecimal(limit >> 30);
            Terminal.Write(" GiB the kernel maps and manages; they are left unused\n"u8);
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
                    PmmSubsystem.Register(catalog[i], (void*)metadata.Base, metadata.Length));
            }
        }

        if (SubsystemRegistry.ActivateDefault(PmmSubsystem.Id) != ActivationStatus.Success)
        {
            return PmmSubsystem.LastStatus == PmmStatus.Success ? PmmStatus.NotInitialized : PmmSubsystem.LastStatus;
        }

        return PmmStatus.Success;
    }

    // The identity map's end, or the most frames the largest implementation of the catalog manages, if less.
    private static ulong ManageableBytes(ulong identityMappedBytes)
    {
        ulong frames = 0;
        ReadOnlySpan<PmmImplementation> catalog = PmmCatalog.All;
        for (int i = 0; i < catalog.Length; i++)
        {
            frames = catalog[i].MaxFrames > frames ? catalog[i].MaxFrames : frames;
        }

        ulong bytes = frames << PhysicalAddress.FrameShift;
        return bytes < identityMappedBytes ? bytes : identityMappedBytes;
    }
}
