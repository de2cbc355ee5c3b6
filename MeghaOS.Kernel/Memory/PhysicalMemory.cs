// Bringing up the PMM at boot: copy the Multiboot memory map into kernel memory (keeping every reserved entry and
// naming what did not fit), reserve what must never be handed out (the kernel image with its stacks, page tables
// and boot arena; the Multiboot information, memory map and command line; memory past the identity map), place the
// metadata of every implementation of the PMM catalog and reserve it, register them all, and activate the default.
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
    /// <summary>Most memory map entries kept (QEMU gives about 6-8; real firmware rarely more than 30).</summary>
    internal const int MaxRegions = 64;

    private struct RegionStorage
    {
        public fixed byte Bytes[MaxRegions * 24];
    }

    private static RegionStorage s_regions;
    private static FixedList<PhysicalRange> s_reserved;
    private static FixedList<PhysicalRange> s_metadata;
    private static int s_regionCount;

    /// <summary>The memory map as the loader reported it (see <see cref="Multiboot.ReadMemoryMap"/> for a long one).</summary>
    internal static ReadOnlySpan<MemoryRegion> Regions
    {
        get
        {
            fixed (byte* bytes = s_regions.Bytes)
            {
                return new ReadOnlySpan<MemoryRegion>(bytes, s_regionCount);
            }
        }
    }

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

        fixed (byte* regionBytes = s_regions.Bytes)
        {
            var destination = new Span<MemoryRegion>(regionBytes, MaxRegions);
            MultibootMapStatus status = Multiboot.ReadMemoryMap(
                new ReadOnlySpan<byte>((byte*)mapAddress, (int)mapLength), destination, out s_regionCount, out MemoryMapOverflow overflow);
            Multiboot.ReportMemoryMap(status, overflow);
        }

        // What the loader and the boot stub occupy. The memory map copy above means the Multiboot map itself
        // could be reused, but it is small, so it stays reserved for /sys to show later.
        PmmMetadataPlacement.Reserve(ref s_reserved, layout->ImageStart, layout->ImageEnd - layout->ImageStart, "kernel image");
        PmmMetadataPlacement.Reserve(ref s_reserved, (ulong)multibootInformation, Multiboot.InformationBytes, "Multiboot information");
        PmmMetadataPlacement.Reserve(ref s_reserved, mapAddress, mapLength, "memory map");
        if (Multiboot.TryGetCommandLine(information, out uint commandLine))
        {
            PmmMetadataPlacement.Reserve(ref s_reserved, commandLine, CommandLineLength((byte*)commandLine) + 1, "command line");
        }

        // RAM the boot page tables do not map cannot be touched, so it must never be handed out.
        PmmMetadataPlacement.Reserve(ref s_reserved, layout->IdentityMappedBytes, ulong.MaxValue - layout->IdentityMappedBytes, "beyond the identity map");

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
        fixed (byte* regionBytes = s_regions.Bytes)
        {
            PhysicalRange* reserved = (PhysicalRange*)Unsafe.AsPointer(ref s_reserved.Slots[0]);
            PmmSubsystem.SetMemoryMap((MemoryRegion*)regionBytes, s_regionCount, reserved, s_reserved.Count);
        }

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

    private static ulong CommandLineLength(byte* text)
    {
        ulong length = 0;
        while (length < 4096 && text[length] != 0)
        {
            length++;
        }

        return length;
    }
}
