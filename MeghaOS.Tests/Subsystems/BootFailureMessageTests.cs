// Failure at boot is never silent: a reserved range the table cannot hold, a PMM implementation whose metadata has
// no place (too many frames, no room, no slot left to reserve it), an implementation the registry cannot take, a
// default that refuses. Each is named in one line on the console, and what could come up still does.
namespace MeghaOS.Tests.Subsystems;

using System;
using MeghaOS.Collections;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class BootFailureMessageTests : IDisposable
{
    private const ulong MiB = 1UL << 20;

    public BootFailureMessageTests()
    {
        CapturingTerminal.Install();
        SubsystemRegistry.Reset();
        ConsoleSubsystem.Reset();
        PmmSubsystem.Reset();
        Pmm.Reset();
    }

    public void Dispose()
    {
        SubsystemRegistry.Reset();
        ConsoleSubsystem.Reset();
        PmmSubsystem.Reset();
        Pmm.Reset();
        Terminal.Reset();
    }

    [Fact]
    public void AFullReservedTableNamesTheRangeItCouldNotRecord()
    {
        FixedList<PhysicalRange> reserved = default;
        for (int i = 0; i < FixedList<PhysicalRange>.Capacity; i++)
        {
            Assert.True(PmmMetadataPlacement.Reserve(ref reserved, (ulong)i * MiB, 4096, "test"));
        }

        Assert.False(PmmMetadataPlacement.Reserve(ref reserved, 0x7000000, 4096, "kernel image"));
        Assert.Equal("warning: reserved range 0x7000000 (kernel image) not recorded: the table of reserved ranges is full\n", CapturingTerminal.Take());
        Assert.Equal(FixedList<PhysicalRange>.Capacity, reserved.Count);
    }

    [Fact]
    public void EveryImplementationIsPlacedAndReservedWhenThereIsRoom()
    {
        MemoryRegion[] map = { new(0, 64 * MiB, MemoryRegionType.Usable) };
        FixedList<PhysicalRange> reserved = default;
        PmmMetadataPlacement.Reserve(ref reserved, MiB, MiB, "kernel image");
        var placements = new PhysicalRange[PmmCatalog.All.Length];

        Assert.Equal(PmmCatalog.All.Length, PmmMetadataPlacement.Place(PmmCatalog.All, map, ref reserved, placements));
        Assert.Equal("", CapturingTerminal.Take());
        Assert.Equal(1 + PmmCatalog.All.Length, reserved.Count);
        for (int i = 0; i < placements.Length; i++)
        {
            Assert.True(placements[i].Length >= PmmCatalog.All[i].MetadataBytes(64 * MiB / 4096));
            Assert.Equal(placements[i], reserved.Items[i + 1]);
            for (int j = 0; j <= i; j++)
            {
                // Each placement lies clear of everything reserved before it (the kernel image, earlier placements).
                PhysicalRange earlier = reserved.Items[j];
                Assert.True(placements[i].End <= earlier.Base || placements[i].Base >= earlier.End);
            }
        }
    }

    [Fact]
    public void AnImplementationWhoseMetadataHasNoRoomIsLeftOutByName()
    {
        // 64 MiB of frames, but only 40 KiB of it usable outside the kernel: the smallest metadata may fit, the
        // others cannot.
        MemoryRegion[] map =
        {
            new(0, 0x10000, MemoryRegionType.Usable),
            new(0x10000, 64 * MiB - 0x11000, MemoryRegionType.Reserved),
            new(64 * MiB - 0x1000, 0x1000, MemoryRegionType.Usable),
        };
        FixedList<PhysicalRange> reserved = default;
        var placements = new PhysicalRange[PmmCatalog.All.Length];

        int placed = PmmMetadataPlacement.Place(PmmCatalog.All, map, ref reserved, placements);

        string messages = CapturingTerminal.Take();
        Assert.True(placed < PmmCatalog.All.Length);
        for (int i = 0; i < placements.Length; i++)
        {
            string line = "warning: pmm implementation '" + PmmCatalog.All[i].Name + "' left out: no room for its ";
            Assert.Equal(placements[i].Length == 0, messages.Contains(line));
        }

        Assert.Equal(PmmCatalog.All.Length - placed, messages.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith(" KiB of metadata in free RAM\n", messages);
    }

    [Fact]
    public void MoreFramesThanAnImplementationManagesIsSaid()
    {
        ulong frames = PmmCatalog.All[0].MaxFrames + 1;
        MemoryRegion[] map = { new(0, frames * 4096, MemoryRegionType.Usable) };
        FixedList<PhysicalRange> reserved = default;
        var placements = new PhysicalRange[1];

        Assert.Equal(0, PmmMetadataPlacement.Place(PmmCatalog.All.Slice(0, 1), map, ref reserved, placements));
        Assert.Equal("warning: pmm implementation '" + PmmCatalog.All[0].Name + "' left out: it manages at most "
            + PmmCatalog.All[0].MaxFrames + " frames; the memory map has " + frames + "\n", CapturingTerminal.Take());
        Assert.Equal(0, reserved.Count);
    }

    [Fact]
    public void NoSlotLeftToReserveTheMetadataIsSaid()
    {
        MemoryRegion[] map = { new(0, 64 * MiB, MemoryRegionType.Usable) };
        FixedList<PhysicalRange> reserved = default;
        for (int i = 0; i < FixedList<PhysicalRange>.Capacity; i++)
        {
            PmmMetadataPlacement.Reserve(ref reserved, (ulong)(i + 1) * MiB, 4096, "test");
        }

        var placements = new PhysicalRange[1];
        Assert.Equal(0, PmmMetadataPlacement.Place(PmmCatalog.All.Slice(0, 1), map, ref reserved, placements));
        Assert.Equal("warning: pmm implementation '" + PmmCatalog.All[0].Name + "' left out: the table of reserved ranges is full, so its metadata cannot be reserved\n", CapturingTerminal.Take());
    }

    [Fact]
    public void AnImplementationTheRegistryCannotTakeIsNamed()
    {
        var catalog = new TerminalOperations[FixedList<TerminalOperations>.Capacity + 3];
        for (int i = 0; i < catalog.Length; i++)
        {
            catalog[i] = new TerminalOperations { Name = "out" + i, Write = &Ignore, Clear = &Nothing };
        }

        catalog[3] = new TerminalOperations { Name = "out0", Write = &Ignore, Clear = &Nothing };
        catalog[4] = new TerminalOperations { Name = "incomplete" };

        Assert.True(ConsoleSubsystem.Initialize(catalog));
        string messages = CapturingTerminal.Take();
        Assert.Contains("warning: console implementation 'out0' left out: an implementation of that name is registered already\n", messages);
        Assert.Contains("warning: console implementation 'incomplete' left out: its description is incomplete\n", messages);
        Assert.Contains("warning: console implementation 'out" + (catalog.Length - 1) + "' left out: the registry is full\n", messages);
        Assert.Equal("out0", Terminal.ImplementationName);
        Assert.Equal(FixedList<TerminalOperations>.Capacity, SubsystemRegistry.ImplementationsOf(ConsoleSubsystem.Id).Length);
    }

    [Fact]
    public void ADefaultThatRefusesGivesWayToTheNextInTheCatalog()
    {
        MemoryRegion[] map = { new(0, 4 * MiB, MemoryRegionType.Usable) };
        fixed (MemoryRegion* regions = map)
        {
            PmmSubsystem.SetMemoryMap(regions, map.Length, null, 0);
            PmmImplementation first = PmmCatalog.All[0];
            PmmImplementation second = PmmCatalog.All[1];
            void* tooSmall = System.Runtime.InteropServices.NativeMemory.AllocZeroed(64);
            ulong bytes = second.MetadataBytes(1024);
            void* enough = System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)bytes);
            try
            {
                Assert.Equal(RegistrationStatus.Success, PmmSubsystem.Register(first, tooSmall, 64));
                Assert.Equal(RegistrationStatus.Success, PmmSubsystem.Register(second, enough, bytes));
                Assert.Equal(RegistrationStatus.Incomplete, PmmSubsystem.Register(second, null, bytes));

                Assert.Equal(ActivationStatus.Success, SubsystemRegistry.ActivateDefault(PmmSubsystem.Id));
                Assert.Equal(second.Name, Pmm.ImplementationName);
                Assert.Equal(1024UL, Pmm.Counts.TotalFrames);
            }
            finally
            {
                Pmm.Reset();
                PmmSubsystem.Reset();
                System.Runtime.InteropServices.NativeMemory.Free(tooSmall);
                System.Runtime.InteropServices.NativeMemory.Free(enough);
            }
        }
    }

    private static void Ignore(void* context, ReadOnlySpan<byte> text)
    {
    }

    private static void Nothing(void* context)
    {
    }
}
