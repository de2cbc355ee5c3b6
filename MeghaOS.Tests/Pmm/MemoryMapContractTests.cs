// The memory-map rules of docs/pmm.md, one test per rule, run once per implementation (each builds its initial
// state from the map through MemoryMap, and each must end up with the same bitmaps).
namespace MeghaOS.Tests.Pmm;

using System.Linq;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class MemoryMapContractTests
{
    private const ulong GiB = 1UL << 30;
    private const ulong MiB = 1UL << 20;

    private static PmmInstance Create(string name, MemoryRegion[] regions, params PhysicalRange[] reserved) =>
        PmmInstance.Create(PmmImplementations.Named(name), regions, reserved);

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void OnlyWholeFramesInsideUsableEntriesAreUsable(string name)
    {
        // Usable bytes 0x1800 .. 0xB800: frame 1 and frame 11 are only partly inside.
        using PmmInstance pmm = Create(name, new[] { Usable(0x1800, 0xA000) });

        Assert.Equal(11UL, pmm.Counts.TotalFrames); // 0xB800 rounded down to a frame is frame 11's start
        Assert.Equal(FrameState.Reserved, pmm.StateOf(1));
        for (ulong frame = 2; frame < 11; frame++)
        {
            Assert.Equal(FrameState.Free, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.OutOfRange, pmm.StateOf(11));
        Assert.Equal(9UL, pmm.Counts.FreeFrames);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void ReservedWinsWhereEntriesOverlap(string name)
    {
        // A few bytes of firmware data inside frame 10, and a reserved entry from the middle of frame 20 to the
        // middle of frame 22; listed both before and after the usable entry that covers them.
        MemoryRegion[] regions =
        {
            Reserved(10 * Frame + 100, 200),
            Usable(0, 64 * Frame),
            Reserved(20 * Frame + 2048, 2 * Frame),
        };
        using PmmInstance pmm = Create(name, regions);

        Assert.Equal(FrameState.Reserved, pmm.StateOf(10));
        Assert.Equal(FrameState.Free, pmm.StateOf(9));
        Assert.Equal(FrameState.Free, pmm.StateOf(11));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(20));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(21));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(22));
        Assert.Equal(FrameState.Free, pmm.StateOf(23));
        Assert.Equal(5UL, pmm.Counts.ReservedFrames); // frames 0, 10, 20, 21, 22
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void EveryNonUsableTypeIsReserved(string name)
    {
        MemoryRegion[] regions =
        {
            Usable(0, 64 * Frame),
            new(2 * Frame, Frame, MemoryRegionType.Reserved),
            new(3 * Frame, Frame, MemoryRegionType.AcpiReclaimable),
            new(4 * Frame, Frame, MemoryRegionType.AcpiNvs),
            new(5 * Frame, Frame, MemoryRegionType.BadMemory),
            new(6 * Frame, Frame, (MemoryRegionType)7), // a type this code does not know (persistent memory)
        };
        using PmmInstance pmm = Create(name, regions);

        for (ulong frame = 2; frame <= 6; frame++)
        {
            Assert.Equal(FrameState.Reserved, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.Free, pmm.StateOf(1));
        Assert.Equal(FrameState.Free, pmm.StateOf(7));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void HolesBetweenEntriesAreReserved(string name)
    {
        using PmmInstance pmm = Create(name, new[] { Usable(0, 16 * Frame), Usable(32 * Frame, 16 * Frame) });

        Assert.Equal(48UL, pmm.Counts.TotalFrames);
        for (ulong frame = 16; frame < 32; frame++)
        {
            Assert.Equal(FrameState.Reserved, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.Free, pmm.StateOf(15));
        Assert.Equal(FrameState.Free, pmm.StateOf(32));
        Assert.Equal(17UL, pmm.Counts.ReservedFrames);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void ZeroLengthEntriesAreIgnored(string name)
    {
        MemoryRegion[] regions =
        {
            Usable(0, 64 * Frame),
            Reserved(10 * Frame, 0),        // would reserve frame 10 if it counted
            Usable(GiB, 0),                 // would raise the frame count if it counted
        };
        using PmmInstance pmm = Create(name, regions, new PhysicalRange(20 * Frame, 0));

        Assert.Equal(64UL, pmm.Counts.TotalFrames);
        Assert.Equal(FrameState.Free, pmm.StateOf(10));
        Assert.Equal(FrameState.Free, pmm.StateOf(20));
        Assert.Equal(1UL, pmm.Counts.ReservedFrames);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void EntriesAbove4GiBAreManaged(string name)
    {
        // A PC-like map: low memory, the 640 KiB - 1 MiB hole, RAM to 3 GiB, the PCI hole, RAM from 4 GiB to 5 GiB.
        MemoryRegion[] regions =
        {
            Usable(0, 0x9FC00),
            Reserved(0x9FC00, 0x400),
            Reserved(0xF0000, 0x10000),
            Usable(MiB, 3 * GiB - MiB),
            Reserved(3 * GiB, GiB),
            Usable(4 * GiB, GiB),
        };
        using PmmInstance pmm = Create(name, regions);

        Assert.Equal(5 * GiB / Frame, pmm.Counts.TotalFrames);
        Assert.Equal(FrameState.Free, pmm.StateOf(4 * GiB / Frame));
        Assert.Equal(FrameState.Free, pmm.StateOf(5 * GiB / Frame - 1));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(4 * GiB / Frame - 1));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(0x9F));
        Assert.Equal(0x9EUL + (3 * GiB - MiB) / Frame + GiB / Frame, pmm.Counts.FreeFrames);

        // A run only the memory above 4 GiB can hold.
        ulong first = pmm.AllocateFrames(GiB / Frame, 4 * GiB / Frame);
        Assert.Equal(4 * GiB / Frame, first);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void EntryOrderDoesNotMatter(string name)
    {
        MemoryRegion[] sorted =
        {
            Usable(0, 100 * Frame),
            Reserved(50 * Frame + 7, 3 * Frame),
            Usable(200 * Frame + 5, 77 * Frame),
            new(230 * Frame, 2 * Frame, MemoryRegionType.AcpiNvs),
            Usable(300 * Frame, 20 * Frame),
        };
        using PmmInstance inOrder = Create(name, sorted);
        PmmSnapshot expected = inOrder.Snapshot();

        foreach (int[] order in new[] { new[] { 4, 3, 2, 1, 0 }, new[] { 1, 3, 0, 4, 2 }, new[] { 2, 0, 4, 1, 3 } })
        {
            using PmmInstance shuffled = Create(name, order.Select(i => sorted[i]).ToArray());
            Assert.Equal(expected, shuffled.Snapshot());
        }
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void SixtyFourGiBMapIsSupported(string name)
    {
        using PmmInstance pmm = Create(name, new[] { Usable(0, 0x9FC00), Usable(MiB, 64 * GiB - MiB) });

        Assert.Equal(16UL << 20, pmm.Counts.TotalFrames);
        Assert.Equal(2UL << 20, pmm.State.PabByteCount);
        ulong last = pmm.AllocateFrames(1, 8UL << 20);
        Assert.Equal(8UL << 20, last);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(last, 1));
        Assert.Equal((16UL << 20) - 1 - (MiB - 0x9F000) / Frame, pmm.Counts.FreeFrames);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void MoreFramesThanSupportedIsRefused(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        MemoryRegion[] regions = { Usable(0, (implementation.MaxFrames + 1) * Frame) };

        Assert.Equal(PmmStatus.TooManyFrames, PmmInstance.TryCreate(implementation, regions, new PhysicalRange[0], out _));
        Assert.Equal(0UL, implementation.MetadataBytes(implementation.MaxFrames + 1));
        Assert.NotEqual(0UL, implementation.MetadataBytes(implementation.MaxFrames));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FrameZeroIsAlwaysReserved(string name)
    {
        using PmmInstance pmm = Create(name, Flat(2));

        Assert.Equal(FrameState.Reserved, pmm.StateOf(0));
        Assert.Equal(1UL, pmm.AllocateFrames(1));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out _));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void NamedRangesAreReservedFrameByFrame(string name)
    {
        // A kernel image at 1 MiB of 300 KiB + 5 bytes, a module, and the metadata's own place: every frame they
        // touch is reserved and never handed out.
        PhysicalRange kernel = new(MiB, 300 * 1024 + 5);
        PhysicalRange module = new(2 * MiB + 100, 10);
        PhysicalRange metadata = Frames(1000, 3);
        using PmmInstance pmm = Create(name, Flat(1024), kernel, module, metadata);

        for (ulong frame = 256; frame <= 256 + 75; frame++)
        {
            Assert.Equal(FrameState.Reserved, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.Free, pmm.StateOf(256 + 76));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(512));
        Assert.Equal(FrameState.Reserved, pmm.StateOf(1002));
        Assert.Equal(1UL + 76 + 1 + 3, pmm.Counts.ReservedFrames);
        while (pmm.Allocate(1, 1, out PhysicalAddress address) == PmmStatus.Success)
        {
            Assert.Equal(FrameState.Allocated, pmm.StateOf(address.FrameNumber));
        }
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public unsafe void BitsPastTheLastFrameAreSet(string name)
    {
        using PmmInstance pmm = Create(name, Flat(70));
        FrameStateView state = pmm.State;

        Assert.Equal(9UL, state.PabByteCount);
        Assert.Equal(0xC0, pmm.Pab[8]); // frames 64..69 free; frames 70 and 71 (bits 6, 7) do not exist
        Assert.Equal(ulong.MaxValue << 6, state.Pab[1]);
        Assert.Equal(ulong.MaxValue << 6, state.Reserved[1]);
        Assert.Equal(0UL, state.AllocationStarts[1]);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void MapsWithoutUsableFramesAreRefused(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        PhysicalRange[] none = new PhysicalRange[0];

        Assert.Equal(PmmStatus.NoUsableMemory, PmmInstance.TryCreate(implementation, new[] { Reserved(0, GiB) }, none, out _));
        Assert.Equal(PmmStatus.NoUsableMemory, PmmInstance.TryCreate(implementation, new[] { Usable(Frame + 1, Frame) }, none, out _));
        Assert.Equal(PmmStatus.NoUsableMemory, PmmInstance.TryCreate(implementation, Flat(1), none, out _));
        Assert.Equal(PmmStatus.NoUsableMemory, PmmInstance.TryCreate(implementation, new MemoryRegion[0], none, out _));
        Assert.Equal(PmmStatus.NoUsableMemory, PmmInstance.TryCreate(implementation, Flat(8), new[] { Frames(1, 7) }, out _));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public unsafe void TooSmallMetadataIsRefused(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        MemoryRegion[] regions = Flat(4096);
        ulong needed = implementation.MetadataBytes(4096);
        byte[] buffer = new byte[needed + 3];
        fixed (byte* metadata = buffer)
        {
            Assert.Equal(PmmStatus.MetadataTooSmall, implementation.Create(metadata, needed - 1, regions, default, out PmmOperations ops));
            Assert.False(ops.IsComplete);
            Assert.Equal(PmmStatus.MetadataTooSmall, implementation.Create(null, needed, regions, default, out _));
            Assert.Equal(PmmStatus.Success, implementation.Create(metadata + 3, needed, regions, default, out ops)); // any alignment
            Assert.Equal(PmmConsistency.Consistent, implementation.CheckConsistency(ops));
        }
    }
}
