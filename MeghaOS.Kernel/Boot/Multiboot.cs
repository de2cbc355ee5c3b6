// Reading the Multiboot v1 information structure the loader hands over: where the memory map and the command line
// are, and the memory map entries themselves. Shared code (the host tests feed it byte buffers): every read is
// bounds-checked and a malformed structure gives a status, never a fault.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>What reading a Multiboot memory map found.</summary>
public enum MultibootMapStatus
{
    /// <summary>Every entry was read.</summary>
    Success = 0,

    /// <summary>The information structure has no memory map (flag bit 6 clear) or is too short.</summary>
    NoMemoryMap,

    /// <summary>An entry's size field is below 20 bytes or runs past the end of the map.</summary>
    Malformed,

    /// <summary>
    /// The map has more entries than the destination holds: every non-usable entry was kept (usable ones gave way to
    /// them), and <see cref="MemoryMapOverflow"/> says what was dropped.
    /// </summary>
    TooManyEntries,
}

/// <summary>What reading a memory map longer than its destination left out.</summary>
public struct MemoryMapOverflow
{
    /// <summary>Entries in the map.</summary>
    public int TotalEntries;

    /// <summary>Usable entries dropped, and their bytes (that RAM goes unused).</summary>
    public int DroppedUsableEntries;

    /// <summary>Bytes of the dropped usable entries.</summary>
    public ulong DroppedUsableBytes;

    /// <summary>Non-usable entries dropped: only when the destination is all non-usable entries already.</summary>
    public int DroppedReservedEntries;
}

/// <summary>Multiboot v1 information structure and memory map.</summary>
public static class Multiboot
{
    /// <summary>The value a Multiboot v1 loader leaves in EAX.</summary>
    public const uint LoaderMagic = 0x2BADB002;

    /// <summary>Bytes of the information structure the kernel reads (up to and including the memory map fields).</summary>
    public const int InformationBytes = 52;

    /// <summary>Bytes of the information structure up to and including the framebuffer fields (flag bit 12).</summary>
    public const int FramebufferInformationBytes = 118;

    private const uint CommandLineFlag = 1 << 2;
    private const uint FramebufferFlag = 1 << 12;
    private const uint MemoryMapFlag = 1 << 6;
    private const int FlagsOffset = 0;
    private const int CommandLineOffset = 16;
    private const int MapLengthOffset = 44;
    private const int MapAddressOffset = 48;
    private const int MinimumEntryBytes = 20;

    /// <summary>Finds the memory map's physical address and length; false when the loader gave none.</summary>
    public static bool TryGetMemoryMap(ReadOnlySpan<byte> information, out uint address, out uint length)
    {
        address = 0;
        length = 0;
        if (information.Length < InformationBytes || (ReadUInt32(information, FlagsOffset) & MemoryMapFlag) == 0)
        {
            return false;
        }

        address = ReadUInt32(information, MapAddressOffset);
        length = ReadUInt32(information, MapLengthOffset);
        return true;
    }

    /// <summary>Finds the kernel command line's physical address (a NUL-terminated string); false when there is none.</summary>
    public static bool TryGetCommandLine(ReadOnlySpan<byte> information, out uint address)
    {
        address = 0;
        if (information.Length < InformationBytes || (ReadUInt32(information, FlagsOffset) & CommandLineFlag) == 0)
        {
            return false;
        }

        address = ReadUInt32(information, CommandLineOffset);
        return address != 0;
    }

    /// <summary>
    /// Reads the framebuffer fields (flag bit 12: address at offset 88, pitch 96, width 100, height 104, bits per pixel
    /// 108, type 109, and for type 1 (RGB) the red, green and blue positions and sizes from 112: the specification's
    /// text says 110, but its own multiboot.h, which GRUB uses, puts them in a union aligned to 4 bytes, so GRUB writes
    /// them at 112). False when the loader reported none or the structure is too short; the caller decides whether it
    /// is drawable.
    /// </summary>
    public static bool TryGetFramebuffer(ReadOnlySpan<byte> information, out FramebufferInfo framebuffer)
    {
        framebuffer = default;
        if (information.Length < FramebufferInformationBytes || (ReadUInt32(information, FlagsOffset) & FramebufferFlag) == 0)
        {
            return false;
        }

        framebuffer.Address = ReadUInt64(information, 88);
        framebuffer.Pitch = ReadUInt32(information, 96);
        framebuffer.Width = ReadUInt32(information, 100);
        framebuffer.Height = ReadUInt32(information, 104);
        framebuffer.BitsPerPixel = information[108];
        framebuffer.Type = information[109];
        if (framebuffer.Type == 1)
        {
            framebuffer.RedPosition = information[112];
            framebuffer.RedSize = information[113];
            framebuffer.GreenPosition = information[114];
            framebuffer.GreenSize = information[115];
            framebuffer.BluePosition = information[116];
            framebuffer.BlueSize = information[117];
        }

        return true;
    }

    /// <summary>
    /// Reads the memory map entries of <paramref name="map"/> (the bytes at the map address, map-length long) into
    /// <paramref name="destination"/>; <paramref name="count"/> is how many were stored. Unknown types become
    /// <see cref="MemoryRegionType.Reserved"/>. A map longer than the destination keeps every non-usable entry
    /// (a dropped one could make reserved memory allocatable where a usable entry overlaps it), dropping the smallest
    /// usable entries instead; <paramref name="overflow"/> says what was dropped and the status is
    /// <see cref="MultibootMapStatus.TooManyEntries"/>.
    /// </summary>
    public static MultibootMapStatus ReadMemoryMap(ReadOnlySpan<byte> map, Span<MemoryRegion> destination, out int count,
        out MemoryMapOverflow overflow)
    {
        count = 0;
        overflow = default;
        int offset = 0;
        while (offset < map.Length)
        {
            if (map.Length - offset < 4)
            {
                return MultibootMapStatus.Malformed;
            }

            uint size = ReadUInt32(map, offset);
            if (size < MinimumEntryBytes || size > (uint)(map.Length - offset - 4))
            {
                return MultibootMapStatus.Malformed;
            }

            ulong baseAddress = ReadUInt64(map, offset + 4);
            ulong length = ReadUInt64(map, offset + 12);
            uint type = ReadUInt32(map, offset + 20);
            var regionType = type >= (uint)MemoryRegionType.Usable && type <= (uint)MemoryRegionType.BadMemory
                ? (MemoryRegionType)type
                : MemoryRegionType.Reserved;
            overflow.TotalEntries++;
            Keep(new MemoryRegion(baseAddress, length, regionType), destination, ref count, ref overflow);
            offset += (int)size + 4;
        }

        return overflow.TotalEntries > count ? MultibootMapStatus.TooManyEntries : MultibootMapStatus.Success;
    }

    /// <summary>Reads the memory map, ignoring what a map too long for the destination dropped.</summary>
    public static MultibootMapStatus ReadMemoryMap(ReadOnlySpan<byte> map, Span<MemoryRegion> destination, out int count) =>
        ReadMemoryMap(map, destination, out count, out _);

    /// <summary>
    /// Says on the console what reading the memory map lost, if anything: "warning: the memory map has 100 entries,
    /// the kernel keeps 64: 36 usable entries (1200 KiB) left unused, every reserved entry kept".
    /// </summary>
    public static void ReportMemoryMap(MultibootMapStatus status, in MemoryMapOverflow overflow)
    {
        if (status == MultibootMapStatus.Malformed)
        {
            Terminal.Write("warning: the memory map is malformed; the entries before the bad one are used\n"u8);
            return;
        }

        if (status != MultibootMapStatus.TooManyEntries)
        {
            return;
        }

        Span<byte> digits = stackalloc byte[20];
        Terminal.Write("warning: the memory map has "u8);
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)overflow.TotalEntries, digits)));
        Terminal.Write(" entries, the kernel keeps "u8);
        int kept = overflow.TotalEntries - overflow.DroppedUsableEntries - overflow.DroppedReservedEntries;
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)kept, digits)));
        Terminal.Write(": "u8);
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)overflow.DroppedUsableEntries, digits)));
        Terminal.Write(" usable entries ("u8);
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal(overflow.DroppedUsableBytes / 1024, digits)));
        Terminal.Write(" KiB) left unused, "u8);
        if (overflow.DroppedReservedEntries == 0)
        {
            Terminal.Write("every reserved entry kept\n"u8);
        }
        else
        {
            Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)overflow.DroppedReservedEntries, digits)));
            Terminal.Write(" reserved entries dropped\n"u8);
        }
    }

    // Stores one entry; when the destination is full, a non-usable entry takes the place of the smallest usable one.
    private static void Keep(in MemoryRegion region, Span<MemoryRegion> destination, ref int count, ref MemoryMapOverflow overflow)
    {
        if (count < destination.Length)
        {
            destination[count++] = region;
            return;
        }

        int smallestUsable = -1;
        for (int i = 0; i < count; i++)
        {
            if (destination[i].Type == MemoryRegionType.Usable &&
                (smallestUsable < 0 || destination[i].Length < destination[smallestUsable].Length))
            {
                smallestUsable = i;
            }
        }

        if (region.Type == MemoryRegionType.Usable)
        {
            if (smallestUsable < 0 || region.Length <= destination[smallestUsable].Length)
            {
                overflow.DroppedUsableEntries++;
                overflow.DroppedUsableBytes += region.Length;
                return;
            }
        }
        else if (smallestUsable < 0)
        {
            overflow.DroppedReservedEntries++;
            return;
        }

        overflow.DroppedUsableEntries++;
        overflow.DroppedUsableBytes += destination[smallestUsable].Length;
        destination[smallestUsable] = region;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
        (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

    private static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) =>
        ReadUInt32(bytes, offset) | (ulong)ReadUInt32(bytes, offset + 4) << 32;
}
