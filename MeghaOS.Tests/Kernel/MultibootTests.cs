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
    public void ALongMapKeepsEveryReservedEntryAndSaysWhatItDropped()
    {
        // Like GRUB's cutmem with many holes: 6 usable entries and 4 reserved ones, and room for 5.
        byte[] map = Concat(
            Entry(0x0, 0x9F000, 1),
            Entry(0x100000, 0x100000, 1),
            Entry(0x200000, 0x1000, 2),
            Entry(0x300000, 0x2000, 1),
            Entry(0x400000, 0x1000, 2),
            Entry(0x500000, 0x3000, 1),
            Entry(0x600000, 0x1000, 3),
            Entry(0x700000, 0x800000, 1),
            Entry(0x1000000, 0x1000, 4),
            Entry(0x2000000, 0x1000, 1));
        var regions = new MemoryRegion[5];

        Assert.Equal(MultibootMapStatus.TooManyEntries, Multiboot.ReadMemoryMap(map, regions, out int count, out MemoryMapOverflow overflow));
        Assert.Equal(5, count);
        Assert.Equal(10, overflow.TotalEntries);
        Assert.Equal(5, overflow.DroppedUsableEntries);
        Assert.Equal(0, overflow.DroppedReservedEntries);
        Assert.Equal(4, regions.Count(region => region.Type != MemoryRegionType.Usable));
        // The largest usable entry is the one kept; the dropped ones' bytes are counted.
        Assert.Contains(new MemoryRegion(0x700000, 0x800000, MemoryRegionType.Usable), regions);
        Assert.Equal(0x9F000UL + 0x100000 + 0x2000 + 0x3000 + 0x1000, overflow.DroppedUsableBytes);

        CapturingTerminal.Install();
        Multiboot.ReportMemoryMap(MultibootMapStatus.TooManyEntries, overflow);
        Assert.Equal("warning: the memory map has 10 entries, the kernel keeps 5: 5 usable entries (1684 KiB) left unused, every reserved entry kept\n", CapturingTerminal.Take());
        Terminal.Reset();
    }

    [Fact]
    public void AMapOfOnlyReservedEntriesBeyondRoomSaysHowManyWereDropped()
    {
        byte[] map = Concat(Entry(0x0, 0x1000, 2), Entry(0x1000, 0x1000, 2), Entry(0x2000, 0x1000, 2));
        var regions = new MemoryRegion[2];

        Assert.Equal(MultibootMapStatus.TooManyEntries, Multiboot.ReadMemoryMap(map, regions, out _, out MemoryMapOverflow overflow));
        Assert.Equal(1, overflow.DroppedReservedEntries);
        CapturingTerminal.Install();
        Multiboot.ReportMemoryMap(MultibootMapStatus.TooManyEntries, overflow);
        Assert.EndsWith("1 reserved entries dropped\n", CapturingTerminal.Take());
        Terminal.Reset();
    }

    [Fact]
    public void AWholeMapPrintsNothing()
    {
        CapturingTerminal.Install();
        Multiboot.ReportMemoryMap(MultibootMapStatus.Success, default);
        Assert.Equal("", CapturingTerminal.Take());
        Terminal.Reset();
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
}
