// Reading the Multiboot v1 information structure the loader hands over: where the memory map, the command line and
// the boot modules (the initial ramdisk) are, the memory map entries themselves (every one of them, however many: the kernel converts the map in place) and
// the command line's length. Shared code (the host tests feed it byte buffers): every read is bounds-checked and a
// malformed structure gives a status, never a fault.
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
    /// The destination is smaller than <see cref="Multiboot.MaxEntries"/> of the map and the map has more entries
    /// than it holds: the first ones were kept. (The kernel sizes its destination from the map, so never.)
    /// </summary>
    TooManyEntries,
}

/// <summary>A boot module the loader placed in memory (GRUB's `module` line, QEMU's -initrd).</summary>
public struct MultibootModule
{
    /// <summary>Physical address of the module's first byte.</summary>
    public uint Start;

    /// <summary>Physical address one past the module's last byte.</summary>
    public uint End;

    /// <summary>Physical address of the module's NUL-terminated command line (0: none).</summary>
    public uint String;

    /// <summary>Bytes of the module.</summary>
    public readonly uint Length => End - Start;
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

    /// <summary>
    /// The longest kernel command line the kernel reads: 1 MiB, far beyond what loaders pass (GRUB and QEMU have no
    /// limit of their own); a longer one is cut there, with a warning.
    /// </summary>
    public const int MaxCommandLineBytes = 1 << 20;

    /// <summary>Bytes of one module entry (mod_start, mod_end, string, reserved).</summary>
    public const int ModuleEntryBytes = 16;

    /// <summary>The most modules the kernel looks at (GRUB and QEMU pass one ramdisk; more are ignored).</summary>
    public const int MaxModules = 16;

    private const uint CommandLineFlag = 1 << 2;
    private const uint ModulesFlag = 1 << 3;
    private const int ModuleCountOffset = 20;
    private const int ModuleAddressOffset = 24;
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
    /// Finds the module table (flag bit 3: mods_count at offset 20, mods_addr at 24; each entry
    /// <see cref="ModuleEntryBytes"/> bytes); false when the loader passed no module.
    /// </summary>
    public static bool TryGetModules(ReadOnlySpan<byte> information, out uint address, out uint count)
    {
        address = 0;
        count = 0;
        if (information.Length < InformationBytes || (ReadUInt32(information, FlagsOffset) & ModulesFlag) == 0)
        {
            return false;
        }

        count = ReadUInt32(information, ModuleCountOffset);
        address = ReadUInt32(information, ModuleAddressOffset);
        return count != 0 && address != 0;
    }

    /// <summary>
    /// Reads module <paramref name="index"/> of the module table <paramref name="modules"/>; false when the table is
    /// too short or the module's end lies before its start.
    /// </summary>
    public static bool TryReadModule(ReadOnlySpan<byte> modules, int index, out MultibootModule module)
    {
        module = default;
        if (index < 0 || (long)(index + 1) * ModuleEntryBytes > modules.Length)
        {
            return false;
        }

        int offset = index * ModuleEntryBytes;
        module.Start = ReadUInt32(modules, offset);
        module.End = ReadUInt32(modules, offset + 4);
        module.String = ReadUInt32(modules, offset + 8);
        return module.End >= module.Start;
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
    /// The most entries a map of <paramref name="mapLength"/> bytes can hold: every entry takes at least 24 bytes
    /// (its size field and 20 bytes), as a <see cref="MemoryRegion"/> does.
    /// </summary>
    public static int MaxEntries(ulong mapLength) => (int)(mapLength / (MinimumEntryBytes + 4));

    /// <summary>
    /// Reads every memory map entry of <paramref name="map"/> (the bytes at the map address, map-length long) into
    /// <paramref name="destination"/>; <paramref name="count"/> is how many were stored. Unknown types become
    /// <see cref="MemoryRegionType.Reserved"/>. A destination of <see cref="MaxEntries"/> regions holds every entry of
    /// any map, and it may be the map's own memory: region i is written to bytes 24 i to 24 i + 23, which entry i has
    /// been read from or which lie before it, so no entry is overwritten before it is read (the kernel converts the
    /// map in place and so keeps every entry, however long the map). A smaller destination keeps the first entries
    /// and returns <see cref="MultibootMapStatus.TooManyEntries"/>.
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

            // The whole entry is read before the region is written (the two may share memory).
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

    /// <summary>
    /// Says on the console what reading the memory map lost, if anything: "warning: the memory map is malformed; the
    /// 3 entries before the bad one are used", or for a destination too small "warning: the memory map has more than
    /// the 64 entries the kernel could store; the rest are left out".
    /// </summary>
    public static void ReportMemoryMap(MultibootMapStatus status, int count)
    {
        if (status != MultibootMapStatus.Malformed && status != MultibootMapStatus.TooManyEntries)
        {
            return;
        }

        Span<byte> digits = stackalloc byte[20];
        ReadOnlySpan<byte> number = digits.Slice(0, NumberFormat.FormatDecimal((ulong)count, digits));
        if (status == MultibootMapStatus.Malformed)
        {
            Terminal.Write("warning: the memory map is malformed; the "u8);
            Terminal.Write(number);
            Terminal.Write(" entries before the bad one are used\n"u8);
            return;
        }

        Terminal.Write("warning: the memory map has more than the "u8);
        Terminal.Write(number);
        Terminal.Write(" entries the kernel could store; the rest are left out\n"u8);
    }

    /// <summary>
    /// Length of the NUL-terminated kernel command line at the start of <paramref name="text"/>: the bytes before its
    /// NUL, or <paramref name="text"/>'s whole length when it has none (the command line is longer than the kernel
    /// reads, <see cref="MaxCommandLineBytes"/>, and is cut there).
    /// </summary>
    public static int CommandLineLength(ReadOnlySpan<byte> text)
    {
        int length = 0;
        while (length < text.Length && text[length] != 0)
        {
            length++;
        }

        return length;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
        (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

    private static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) =>
        ReadUInt32(bytes, offset) | (ulong)ReadUInt32(bytes, offset + 4) << 32;
}
