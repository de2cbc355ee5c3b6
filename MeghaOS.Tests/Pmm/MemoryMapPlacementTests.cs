// MemoryMap's helpers the kernel uses before any PMM exists: how many frames a map needs, and where in usable RAM
// the PMM's metadata can go without overlapping anything reserved.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class MemoryMapPlacementTests
{
    private const ulong MiB = 1UL << 20;

    [Fact]
    public void FrameCountIsTheEndOfTheHighestUsableEntryInWholeFrames()
    {
        Assert.Equal(0UL, MemoryMap.FrameCountOf(new MemoryRegion[0]));
        Assert.Equal(0UL, MemoryMap.FrameCountOf(new[] { Reserved(0, 64 * MiB) }));
        Assert.Equal(0UL, MemoryMap.FrameCountOf(new[] { Usable(100, 4000) })); // no whole frame
        Assert.Equal(11UL, MemoryMap.FrameCountOf(new[] { Usable(0x1800, 0xA000) }));
        Assert.Equal(48UL, MemoryMap.FrameCountOf(new[] { Usable(32 * Frame, 16 * Frame + 5), Usable(0, 16 * Frame), Reserved(0, 1UL << 40) }));
        Assert.Equal(16UL << 20, MemoryMap.FrameCountOf(new[] { Usable(MiB, (64UL << 30) - MiB), Usable(1UL << 40, 0) }));
        Assert.Equal(ulong.MaxValue >> 12, MemoryMap.FrameCountOf(new[] { Usable(1UL << 40, ulong.MaxValue) })); // saturates
    }

    [Fact]
    public void FreeRangeAvoidsFrameZeroReservedEntriesAndNamedRanges()
    {
        MemoryRegion[] regions = { Usable(0, 0x9FC00), Reserved(0x9FC00, 0x60400), Usable(MiB, 31 * MiB), Reserved(3 * MiB + 5, 10) };
        PhysicalRange[] kernel = { new(MiB, MiB + 1) };

        Assert.True(MemoryMap.TryFindFreeRange(regions, kernel, 10, 0, out PhysicalRange tiny));
        Assert.Equal(Frame, tiny.Base); // frame 0 is never used
        Assert.Equal(Frame, tiny.Length);

        // 1 MiB does not fit below 640 KiB, nor between the kernel (ends in frame 512) and the reserved bytes in
        // frame 768; it goes right after frame 768.
        Assert.True(MemoryMap.TryFindFreeRange(regions, kernel, MiB, Frame, out PhysicalRange big));
        Assert.Equal(3 * MiB + Frame, big.Base);
        Assert.Equal(MiB, big.Length);

        // 2 MiB-aligned 1.5 MiB: 2 MiB is taken by the kernel's last frame, 3 MiB has the reserved bytes in it.
        Assert.True(MemoryMap.TryFindFreeRange(regions, kernel, 3 * MiB / 2, 2 * MiB, out PhysicalRange aligned));
        Assert.Equal(4 * MiB, aligned.Base);

        Assert.False(MemoryMap.TryFindFreeRange(regions, kernel, 32 * MiB, 0, out _));
        Assert.False(MemoryMap.TryFindFreeRange(regions, kernel, 0, 0, out _));
        Assert.False(MemoryMap.TryFindFreeRange(regions, kernel, 10, 3 * Frame, out _));
    }

    [Fact]
    public void FreeRangeMaySpanAbuttingUsableEntriesButNotHoles()
    {
        MemoryRegion[] regions = { Usable(Frame, 4 * Frame), Usable(5 * Frame, 4 * Frame), Usable(10 * Frame, 100 * Frame) };

        Assert.True(MemoryMap.TryFindFreeRange(regions, default, 8 * Frame, 0, out PhysicalRange across));
        Assert.Equal(Frame, across.Base);
        Assert.True(MemoryMap.TryFindFreeRange(regions, default, 9 * Frame, 0, out PhysicalRange afterHole));
        Assert.Equal(10 * Frame, afterHole.Base);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void MetadataPlacedByTryFindFreeRangeIsReservedInThePmm(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        MemoryRegion[] regions = { Usable(0, 0x9FC00), Usable(MiB, 127 * MiB) };
        PhysicalRange kernel = new(MiB, 700 * 1024);
        ulong bytes = implementation.MetadataBytes(MemoryMap.FrameCountOf(regions));
        Assert.True(MemoryMap.TryFindFreeRange(regions, new[] { kernel }, bytes, Frame, out PhysicalRange metadata));

        using PmmInstance pmm = PmmInstance.Create(implementation, regions, kernel, metadata);
        for (ulong frame = metadata.Base / Frame; frame < metadata.End / Frame; frame++)
        {
            Assert.Equal(FrameState.Reserved, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.Reserved, pmm.StateOf(kernel.Base / Frame));
    }

    [Fact]
    public void ClipUsableCutsUsableEntriesAtTheLimitAndCountsWhatItCut()
    {
        MemoryRegion[] map =
        {
            new(0x0, 0x9F000, MemoryRegionType.Usable),
            new(0x100000, 0x3FF00000, MemoryRegionType.Usable),   // 1 MiB .. 1 GiB: cut at 512 MiB
            new(0x40000000, 0x1000, MemoryRegionType.Reserved),   // above the limit, not usable: kept as it is
            new(0x100000000, 0x40000000, MemoryRegionType.Usable), // wholly above: empty
        };

        ulong dropped = MemoryMap.ClipUsable(map, 0x20000000);

        Assert.Equal(0x3FF00000UL - (0x20000000UL - 0x100000UL) + 0x40000000UL, dropped);
        Assert.Equal(new MemoryRegion(0x100000, 0x20000000 - 0x100000, MemoryRegionType.Usable), map[1]);
        Assert.Equal(new MemoryRegion(0x40000000, 0x1000, MemoryRegionType.Reserved), map[2]);
        Assert.Equal(0UL, map[3].Length);
        Assert.Equal(0x20000000UL / 4096, MemoryMap.FrameCountOf(map));
        Assert.Equal(0UL, MemoryMap.ClipUsable(map, 0x20000000));
    }
}
