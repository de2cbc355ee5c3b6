// Reading the Multiboot v1 information structure the loader hands over: where the memory map and the command line
// are, and the memory map entries themselves. Shared code (the host tests feed it byte buffers): every read is
// bounds-checked and a malformed structure gives a status, never a fault.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Memory;

/// <summary>What reading a Multiboot memory map found.</summary>
public enum MultibootMapStatus
{
    /// <summary>Every entry was read.</summary>
    Success = 0,

    /// <summary>The information structure has no memory map (flag bit 6 clear) or is too short.</summary>
    NoMemoryMap,

    /// <summary>An entry's size field is below 20 bytes or runs past the end of the map.</summary>
    Malformed,

    /// <summary>The map has more entries than the destination holds.</summary>
    TooManyEntries,
}

/// <summary>Multiboot v1 information structure and memory map.</summary>
public static class Multiboot
{
    /// <summary>The value a Multiboot v1 loader leaves in EAX.</summary>
    public const uint LoaderMagic = 0x2BADB002;

    /// <summary>Bytes of the information structure the kernel reads (up to and including the memory map fields).</summary>
    public const int InformationBytes = 52;

    private const uint CommandLineFlag = 1 << 2;
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
    /// Reads the memory map entries in <paramref name="map"/> into <paramref name="destination"/>. Each entry is a
    /// 4-byte size (not counting itself), an 8-byte base, an 8-byte length and a 4-byte type; types Multiboot does not
    /// define are read as <see cref="MemoryRegionType.Reserved"/>. <paramref name="count"/> is the number of entries
    /// written, also when the status is not Success (the entries before the problem).
    /// </summary>
    public static MultibootMapStatus ReadMemoryMap(ReadOnlySpan<byte> map, Span<MemoryRegion> destination, out int count)
    {
        count = 0;
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

            if (count == destination.Length)
            {
                return MultibootMapStatus.TooManyEntries;
            }

            ulong baseAddress = ReadUInt64(map, offset + 4);
            ulong length = ReadUInt64(map, offset + 12);
            uint type = ReadUInt32(map, offset + 20);
            var regionType = type >= (uint)MemoryRegionType.Usable && type <= (uint)MemoryRegionType.BadMemory
                ? (MemoryRegionType)type
                : MemoryRegionType.Reserved;
            destination[count++] = new MemoryRegion(baseAddress, length, regionType);
            offset += (int)size + 4;
        }

        return MultibootMapStatus.Success;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
        (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

    private static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) =>
        ReadUInt32(bytes, offset) | (ulong)ReadUInt32(bytes, offset + 4) << 32;
}
