// Host tests of the Multiboot reader (MeghaOS.Kernel/Boot/Multiboot.cs) over hand-built byte buffers.
namespace MeghaOS.Tests.Kernel;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using MeghaOS.Boot;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class MultibootTests
{
    private static byte[] Entry(ulong baseAddress, ulong length, uint type, uint size = 20)
    {
        var bytes = new byte[size + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, size);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4), baseAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), type);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }

    [Fact]
    public void ReadsEveryEntryIncludingAbove4GiB()
    {
        byte[] map = Concat(
            Entry(0, 0x9FC00, 1),
            Entry(0x9FC00, 0x400, 2),
            Entry(0x100000, 0x7EE0000, 1),
            Entry(0x100000000, 0x40000000, 1),
            Entry(0xFEFFC000, 0x4000, 4));
        var regions = new MemoryRegion[8];

        MultibootMapStatus status = Multiboot.ReadMemoryMap(map, regions, out int count);

        Assert.Equal(MultibootMapStatus.Success, status);
        Assert.Equal(5, count);
        Assert.Equal(0x100000000UL, regions[3].Base);
        Assert.Equal(0x40000000UL, regions[3].Length);
        Assert.Equal(MemoryRegionType.Usable, regions[3].Type);
        Assert.Equal(MemoryRegionType.AcpiNvs, regions[4].Type);
    }

    [Fact]
    public void HonoursLargerEntrySizesAndMapsUnknownTypesToReserved()
    {
        byte[] map = Concat(Entry(0x1000, 0x2000, 1, size: 24), Entry(0x5000, 0x1000, 99));
        var regions = new MemoryRegion[4];

        Assert.Equal(MultibootMapStatus.Success, Multiboot.ReadMemoryMap(map, regions, out int count));
        Assert.Equal(2, count);
        Assert.Equal(0x5000UL, regions[1].Base);
        Assert.Equal(MemoryRegionType.Reserved, regions[1].Type);
    }

    [Theory]
    [InlineData(19u)]
    [InlineData(400u)]
    public void AnEntrySizeTooSmallOrPastTheEndIsMalformed(uint size)
    {
        byte[] map = Concat(Entry(0, 0x1000, 1), Entry(0x1000, 0x1000, 1, size: 20));
        BinaryPrimitives.WriteUInt32LittleEndian(map.AsSpan(24), size);
        var regions = new MemoryRegion[4];

        Assert.Equal(MultibootMapStatus.Malformed, Multiboot.ReadMemoryMap(map, regions, out int count));
        Assert.Equal(1, count);
    }

    [Fact]
    public void ATruncatedSizeFieldIsMalformed()
    {
        byte[] map = Concat(Entry(0, 0x1000, 1), new byte[] { 20, 0 });
        Assert.Equal(MultibootMapStatus.Malformed, Multiboot.ReadMemoryMap(map, new MemoryRegion[4], out int count));
        Assert.Equal(1, count);
    }

    [Fact]
    public void MoreEntriesThanRoomIsReported()
    {
        byte[] map = Concat(Entry(0, 0x1000, 1), Entry(0x1000, 0x1000, 1), Entry(0x2000, 0x1000, 1));
        var regions = new MemoryRegion[2];

        Assert.Equal(MultibootMapStatus.TooManyEntries, Multiboot.ReadMemoryMap(map, regions, out int count));
        Assert.Equal(2, count);
    }

    [Fact]
    public void ALostTailIsNamed()
    {
        CapturingTerminal.Install();
        Multiboot.ReportMemoryMap(MultibootMapStatus.TooManyEntries, 64);
        Assert.Equal("warning: the memory map has more than the 64 entries the kernel could store; the rest are left out\n", CapturingTerminal.Take());
        Multiboot.ReportMemoryMap(MultibootMapStatus.Malformed, 3);
        Assert.Equal("warning: the memory map is malformed; the 3 entries before the bad one are used\n", CapturingTerminal.Take());
        Terminal.Reset();
    }

    [Theory]
    [InlineData(100, 20u)]
    [InlineData(300, 20u)]
    [InlineData(77, 24u)]
    [InlineData(1, 20u)]
    public unsafe void ALongMapIsReadInPlaceEveryEntryKept(int entries, uint size)
    {
        // Like GRUB's cutmem with many holes, or a UEFI machine's map: converted in the map's own memory.
        var random = new Random(entries);
        var expected = new List<MemoryRegion>();
        var parts = new List<byte[]>();
        for (int i = 0; i < entries; i++)
        {
            ulong baseAddress = (ulong)random.NextInt64(0, 1L << 40) & ~0xFFFUL;
            ulong length = (ulong)random.Next(1, 1 << 20) << 12;
            uint type = (uint)random.Next(1, 7);
            parts.Add(Entry(baseAddress, length, type, size));
            expected.Add(new MemoryRegion(baseAddress, length, type <= 5 ? (MemoryRegionType)type : MemoryRegionType.Reserved));
        }

        byte[] map = Concat(parts.ToArray());
        Assert.True(Multiboot.MaxEntries((ulong)map.Length) >= entries);
        fixed (byte* bytes = map)
        {
            var regions = new Span<MemoryRegion>(bytes, Multiboot.MaxEntries((ulong)map.Length));
            Assert.Equal(MultibootMapStatus.Success, Multiboot.ReadMemoryMap(new ReadOnlySpan<byte>(bytes, map.Length), regions, out int count));
            Assert.Equal(entries, count);
            Assert.Equal(expected, regions.Slice(0, count).ToArray());
        }
    }

    [Fact]
    public void AWholeMapPrintsNothing()
    {
        CapturingTerminal.Install();
        Multiboot.ReportMemoryMap(MultibootMapStatus.Success, 7);
        Assert.Equal("", CapturingTerminal.Take());
        Terminal.Reset();
    }

    [Theory]
    [InlineData("pmm=buddy\0junk", 9)]
    [InlineData("", 0)]
    [InlineData("\0", 0)]
    public void TheCommandLineEndsAtItsNul(string text, int length)
    {
        Assert.Equal(length, Multiboot.CommandLineLength(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void ACommandLineLongerThanFourKibibytesIsReadWhole()
    {
        byte[] line = System.Text.Encoding.ASCII.GetBytes("/boot/meghaos.bin " + new string('x', 5000) + " heap=slab\0");
        Assert.Equal(line.Length - 1, Multiboot.CommandLineLength(line));
        Assert.True(Multiboot.MaxCommandLineBytes > line.Length);
        byte[] noNul = new byte[10];
        Array.Fill(noNul, (byte)'a');
        Assert.Equal(10, Multiboot.CommandLineLength(noNul)); // no NUL: the whole span, cut there
    }

    [Fact]
    public void AnEmptyMapHasNoEntries()
    {
        Assert.Equal(MultibootMapStatus.Success, Multiboot.ReadMemoryMap(ReadOnlySpan<byte>.Empty, new MemoryRegion[1], out int count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void FindsTheMapAndCommandLineOnlyWhenFlagged()
    {
        var information = new byte[Multiboot.InformationBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(16), 0x12345);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(44), 144);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(48), 0x9000);
        Assert.False(Multiboot.TryGetMemoryMap(information, out _, out _));
        Assert.False(Multiboot.TryGetCommandLine(information, out _));

        BinaryPrimitives.WriteUInt32LittleEndian(information, (1 << 6) | (1 << 2));
        Assert.True(Multiboot.TryGetMemoryMap(information, out uint address, out uint length));
        Assert.Equal(0x9000u, address);
        Assert.Equal(144u, length);
        Assert.True(Multiboot.TryGetCommandLine(information, out uint commandLine));
        Assert.Equal(0x12345u, commandLine);
        Assert.False(Multiboot.TryGetMemoryMap(information.AsSpan(0, 40), out _, out _));
    }

    [Fact]
    public void FindsModulesOnlyWhenFlaggedAndReadsEachEntry()
    {
        var information = new byte[Multiboot.InformationBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(20), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(24), 0x9000);
        Assert.False(Multiboot.TryGetModules(information, out _, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(information, 1 << 3);
        Assert.True(Multiboot.TryGetModules(information, out uint address, out uint count));
        Assert.Equal(0x9000u, address);
        Assert.Equal(2u, count);
        Assert.False(Multiboot.TryGetModules(information.AsSpan(0, 40), out _, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(20), 0);
        Assert.False(Multiboot.TryGetModules(information, out _, out _));

        var table = new byte[2 * Multiboot.ModuleEntryBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(0), 0x200000);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 0x203456);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), 0x9100);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(16), 0x300000);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(20), 0x2FFFFF);
        Assert.True(Multiboot.TryReadModule(table, 0, out MultibootModule module));
        Assert.Equal(0x200000u, module.Start);
        Assert.Equal(0x3456u, module.Length);
        Assert.Equal(0x9100u, module.String);
        Assert.False(Multiboot.TryReadModule(table, 1, out _));
        Assert.False(Multiboot.TryReadModule(table, 2, out _));
        Assert.False(Multiboot.TryReadModule(table, -1, out _));
    }
}
