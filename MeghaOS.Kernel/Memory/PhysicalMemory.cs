// Bringing up the PMM at boot: copy the Multiboot memory map into kernel memory, reserve what must never be handed
// out (the kernel image with its stacks, page tables and boot arena; the Multiboot information, memory map and
// command line; memory past the identity map), place the metadata of both PMM implementations (bitmap, buddy) with
// MemoryMap.TryFindFreeRange and reserve them, create the bitmap PMM and install it through the Pmm facade. The
// buddy's metadata waits, reserved, for a switch through /sys/pmm/implementation, so switching never allocates.
namespace MeghaOS.Memory;

using System;
using MeghaOS.Boot;

/// <summary>The boot-time memory map and the PMM bring-up.</summary>
internal static unsafe class PhysicalMemory
{
    /// <summary>Most memory map entries kept (QEMU gives about 6-8; real firmware rarely more than 30).</summary>
    internal const int MaxRegions = 64;

    /// <summary>Most ranges reserved at boot besides what the memory map itself marks.</summary>
    internal const int MaxReservedRanges = 8;

    private struct RegionStorage
    {
        public fixed byte Bytes[MaxRegions * 24];
    }

    private struct ReservedStorage
    {
        public fixed byte Bytes[MaxReservedRanges * 16];
    }

    private static RegionStorage s_regions;
    private static ReservedStorage s_reserved;
    private static int s_regionCount;
    private static int s_reservedCount;
    private static PhysicalRange s_metadata;
    private static PhysicalRange s_buddyMetadata;
    private static MultibootMapStatus s_mapStatus;

    /// <summary>The memory map as the loader reported it (only the entries that fitted in <see cref="MaxRegions"/>).</summary>
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

    /// <summary>The ranges the kernel reserved on top of the memory map.</summary>
    internal static ReadOnlySpan<PhysicalRange> Reserved
    {
        get
        {
            fixed (byte* bytes = s_reserved.Bytes)
            {
                return new ReadOnlySpan<PhysicalRange>(bytes, s_reservedCount);
            }
        }
    }

    /// <summary>Where the bitmap PMM's metadata lives (the implementation active at boot).</summary>
    internal static PhysicalRange Metadata => s_metadata;

    /// <summary>The metadata reserved for the buddy PMM, used when a user switches to it (empty if there was no room).</summary>
    internal static PhysicalRange BuddyMetadata => s_buddyMetadata;

    /// <summary>How reading the memory map went.</summary>
    internal static MultibootMapStatus MapStatus => s_mapStatus;

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
    /// Reads the memory map and installs the bitmap PMM. Returns the PMM's status; on anything but Success the
    /// caller panics (the kernel cannot run without physical memory).
    /// </summary>
    internal static PmmStatus Initialize(byte* multibootInformation, BootLayout* layout)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetMemoryMap(information, out uint mapAddress, out uint mapLength))
        {
            s_mapStatus = MultibootMapStatus.NoMemoryMap;
            return PmmStatus.NoUsableMemory;
        }

        fixed (byte* regionBytes = s_regions.Bytes)
        {
            var destination = new Span<MemoryRegion>(regionBytes, MaxRegions);
            s_mapStatus = Multiboot.ReadMemoryMap(new ReadOnlySpan<byte>((byte*)mapAddress, (int)mapLength), destination, out s_regionCount);
        }

        // What the loader and the boot stub occupy. The memory map copy above means the Multiboot map itself
        // could be reused, but it is small, so it stays reserved for /sys to show later.
        AddReserved(layout->ImageStart, layout->ImageEnd - layout->ImageStart);
        AddReserved((ulong)multibootInformation, Multiboot.InformationBytes);
        AddReserved(mapAddress, mapLength);
        if (Multiboot.TryGetCommandLine(information, out uint commandLine))
        {
            AddReserved(commandLine, CommandLineLength((byte*)commandLine) + 1);
        }

        // RAM the boot page tables do not map cannot be touched, so it must never be handed out.
        AddReserved(layout->IdentityMappedBytes, ulong.MaxValue - layout->IdentityMappedBytes);

        ulong frameCount = MemoryMap.FrameCountOf(Regions);
        PmmStatus placed = PlaceMetadata(BitmapPmm.MetadataBytes(frameCount), layout, out s_metadata);
        if (placed != PmmStatus.Success)
        {
            return placed;
        }

        // Without room for the buddy's metadata the kernel still runs, with bitmap only (BuddyMetadata stays empty).
        PlaceMetadata(BuddyPmm.MetadataBytes(frameCount), layout, out s_buddyMetadata);

        PhysicalRange metadata = s_metadata;
        PmmStatus status = BitmapPmm.Create((void*)metadata.Base, metadata.Length, Regions, Reserved, out PmmOperations operations);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        return Pmm.SetOperations(operations);
    }

    // Finds room for one implementation's metadata in usable, identity-mapped RAM and reserves it.
    private static PmmStatus PlaceMetadata(ulong bytes, BootLayout* layout, out PhysicalRange range)
    {
        range = default;
        if (bytes == 0)
        {
            return PmmStatus.TooManyFrames;
        }

        if (!MemoryMap.TryFindFreeRange(Regions, Reserved, bytes, PhysicalAddress.FrameSize, out range) ||
            range.End > layout->IdentityMappedBytes || s_reservedCount == MaxReservedRanges)
        {
            return PmmStatus.MetadataTooSmall;
        }

        AddReserved(range.Base, range.Length);
        return PmmStatus.Success;
    }

    private static void AddReserved(ulong baseAddress, ulong length)
    {
        if (s_reservedCount < MaxReservedRanges && length != 0)
        {
            fixed (byte* bytes = s_reserved.Bytes)
            {
                ((PhysicalRange*)bytes)[s_reservedCount++] = new PhysicalRange(baseAddress, length);
            }
        }
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
