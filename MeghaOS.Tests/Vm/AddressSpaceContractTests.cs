// The address-space contract, run once per implementation of the vm catalog over the real page-table code and the
// host PMM: mapping, permissions in the entries, copy-in and copy-out, unmapping, protection, cloning, faults,
// the frame limit, running out of frames with nothing left allocated, and the PAB byte-identical after Destroy.
namespace MeghaOS.Tests.Vm;

using System;
using System.Collections.Generic;
using System.Linq;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class AddressSpaceContractTests : IDisposable
{
    private const ulong Page = 4096;
    private const ulong Base = VmHarness.UserBase;
    private readonly VmHarness _vm = new VmHarness();

    public static IEnumerable<object[]> Implementations => CatalogText.VmNames.Select(name => new object[] { name });

    public void Dispose() => _vm.Dispose();

    private static bool IsDemand => AddressSpaces.ImplementationName == "demand";

    private static AddressSpace NewSpace(ulong limit = 0)
    {
        Assert.Equal(VmStatus.Success, AddressSpaces.Create(limit, out AddressSpace space));
        Assert.False(space.IsNull);
        return space;
    }

    private static void WriteBytes(AddressSpace space, ulong address, byte[] bytes, bool asUser, VmStatus expected = VmStatus.Success)
    {
        fixed (byte* pointer = bytes)
        {
            Assert.Equal(expected, AddressSpaces.Write(space, address, pointer, (ulong)bytes.Length, asUser));
        }
    }

    private static byte[] ReadBytes(AddressSpace space, ulong address, int length, VmStatus expected = VmStatus.Success)
    {
        byte[] bytes = new byte[length];
        fixed (byte* pointer = bytes)
        {
            Assert.Equal(expected, AddressSpaces.Read(space, address, pointer, (ulong)length));
        }

        return bytes;
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void CreateAndDestroyLeaveThePabAsItWas(string name)
    {
        VmHarness.Use(name);
        byte[] before = VmHarness.Pab;
        AddressSpace space = NewSpace();
        Assert.Equal(1UL, AddressSpaces.FrameCount(space));
        Assert.NotEqual(before, VmHarness.Pab);
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        Assert.Equal(before, VmHarness.Pab);
        Assert.Equal(VmStatus.InvalidSpace, AddressSpaces.Destroy(space));
        Assert.Equal(0, UserPageTables.LiveSpaces);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TheKernelHalfIsCopiedSupervisorOnlyAndRefusedToMap(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        ulong* root = (ulong*)DirectMap.Pointer(space.Root);
        Assert.Equal(VmHarness.KernelEntryLow, root[0]);
        Assert.Equal(0UL, root[0] & UserPageTables.User);
        Assert.NotEqual(0UL, root[511] & UserPageTables.Present);
        Assert.Equal(0UL, root[1]);

        Assert.Equal(VmStatus.NotUserRange, AddressSpaces.Map(space, 0x40_0000, Page, PageAccess.Read));
        Assert.Equal(VmStatus.NotUserRange, AddressSpaces.Map(space, Base - Page, 2 * Page, PageAccess.Read));
        Assert.Equal(VmStatus.NotUserRange, AddressSpaces.Map(space, UserPageTables.UserEnd - Page, 2 * Page, PageAccess.Read));
        Assert.Equal(VmStatus.NotUserRange, AddressSpaces.Map(space, 0xFFFF_8000_0000_0000, Page, PageAccess.Read));
        Assert.Equal(VmStatus.Misaligned, AddressSpaces.Map(space, Base + 1, Page, PageAccess.Read));
        Assert.Equal(VmStatus.Misaligned, AddressSpaces.Map(space, Base, 100, PageAccess.Read));
        Assert.Equal(VmStatus.Misaligned, AddressSpaces.Map(space, 0xFFFF_FFFF_FFFF_F000, 2 * Page, PageAccess.Read));
        Assert.Equal(1UL, AddressSpaces.FrameCount(space));
        ReadBytes(space, 0x1000, 8, VmStatus.Fault);
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void MappedPagesCarryTheirPermissionsAndReadBackZero(string name)
    {
        VmHarness.Use(name);
        byte[] before = VmHarness.Pab;
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, 2 * Page, PageAccess.Read | PageAccess.Execute));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base + 2 * Page, Page, PageAccess.Read | PageAccess.Write));
        Assert.Equal(VmStatus.AlreadyMapped, AddressSpaces.Map(space, Base + Page, 4 * Page, PageAccess.Read));
        Assert.Equal(PageAccess.None, AddressSpaces.Query(space, Base + 3 * Page));

        // Three tables under the root; frames for the three pages at once (eager) or none yet (demand).
        Assert.Equal(IsDemand ? 4UL : 7UL, AddressSpaces.FrameCount(space));
        Assert.Equal(PageAccess.Read | PageAccess.Execute, AddressSpaces.Query(space, Base + 5));
        Assert.Equal(PageAccess.Read | PageAccess.Write, AddressSpaces.Query(space, Base + 2 * Page + 100));

        ulong code = VmHarness.LeafEntry(space, Base);
        ulong data = VmHarness.LeafEntry(space, Base + 2 * Page);
        Assert.NotEqual(0UL, code & UserPageTables.User);
        Assert.Equal(0UL, code & UserPageTables.Writable);
        Assert.Equal(0UL, code & UserPageTables.NoExecute);
        Assert.NotEqual(0UL, data & UserPageTables.Writable);
        Assert.NotEqual(0UL, data & UserPageTables.NoExecute);
        Assert.Equal(IsDemand ? 0UL : 1UL, data & UserPageTables.Present);

        // Frames come zeroed (the window is filled with 0xA5).
        Assert.All(ReadBytes(space, Base + Page - 10, 20), b => Assert.Equal(0, b));
        Assert.Equal(7UL, AddressSpaces.FrameCount(space) + (IsDemand ? 1UL : 0UL)); // demand: two of three touched
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        Assert.Equal(before, VmHarness.Pab);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void WriteThenReadAcrossPagesRoundTrips(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, 3 * Page, PageAccess.Read | PageAccess.Write));
        byte[] data = Enumerable.Range(0, 6000).Select(i => (byte)(i * 7)).ToArray();
        WriteBytes(space, Base + 1000, data, true);
        Assert.Equal(data, ReadBytes(space, Base + 1000, data.Length));
        Assert.Equal(0, ReadBytes(space, Base + 999, 1)[0]);
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ACopyThatWouldFaultMovesNothing(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, Page, PageAccess.Read | PageAccess.Write));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base + Page, Page, PageAccess.Read));

        // Runs into an unmapped page: nothing is written, nothing read.
        WriteBytes(space, Base + Page - 4, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, true, VmStatus.Fault); // second page read-only
        Assert.All(ReadBytes(space, Base + Page - 4, 4), b => Assert.Equal(0, b));
        WriteBytes(space, Base + 2 * Page - 4, new byte[8], false, VmStatus.Fault); // third page unmapped
        ReadBytes(space, Base + 2 * Page - 4, 8, VmStatus.Fault);

        // The loader may fill a read-only page (asUser false); a program's store may not.
        WriteBytes(space, Base + Page, new byte[] { 9 }, false);
        Assert.Equal(9, ReadBytes(space, Base + Page, 1)[0]);

        // Addresses outside the user half or in a kernel slot fault.
        ReadBytes(space, 0x1000, 8, VmStatus.Fault);
        ReadBytes(space, UserPageTables.UserEnd - 4, 8, VmStatus.Fault);
        ReadBytes(space, 0xFFFF_FFFF_FFFF_FFF0, 32, VmStatus.Fault);
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnmapFreesPagesAndEmptyTables(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        byte[] afterCreate = VmHarness.Pab;
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, 4 * Page, PageAccess.Read | PageAccess.Write));
        WriteBytes(space, Base, new byte[4 * Page], true);
        Assert.Equal(VmStatus.Success, AddressSpaces.Unmap(space, Base + Page, Page));
        Assert.Equal(PageAccess.None, AddressSpaces.Query(space, Base + Page));
        ReadBytes(space, Base + Page, 1, VmStatus.Fault);
        Assert.Equal(7UL, AddressSpaces.FrameCount(space)); // root, three tables, three pages
        Assert.Equal(VmStatus.Success, AddressSpaces.Unmap(space, Base, 8 * Page)); // pages not mapped are skipped
        Assert.Equal(1UL, AddressSpaces.FrameCount(space));
        Assert.Equal(afterCreate, VmHarness.Pab);
        Assert.Equal(VmStatus.NotUserRange, AddressSpaces.Unmap(space, 0, Page));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ProtectChangesAccessAndRefusesHoles(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, 2 * Page, PageAccess.Read | PageAccess.Write));
        WriteBytes(space, Base, new byte[] { 42 }, true);
        Assert.Equal(VmStatus.Success, AddressSpaces.Protect(space, Base, 2 * Page, PageAccess.Read | PageAccess.Execute));
        Assert.Equal(PageAccess.Read | PageAccess.Execute, AddressSpaces.Query(space, Base + Page));
        Assert.Equal(0UL, VmHarness.LeafEntry(space, Base) & (UserPageTables.Writable | UserPageTables.NoExecute));
        WriteBytes(space, Base, new byte[] { 1 }, true, VmStatus.Fault);
        Assert.Equal(42, ReadBytes(space, Base, 1)[0]);

        Assert.Equal(VmStatus.Fault, AddressSpaces.Protect(space, Base, 3 * Page, PageAccess.Read | PageAccess.Write));
        Assert.Equal(PageAccess.Read | PageAccess.Execute, AddressSpaces.Query(space, Base)); // nothing changed
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void CloneCopiesEveryPageAndBothDestroyToThePabBefore(string name)
    {
        VmHarness.Use(name);
        byte[] before = VmHarness.Pab;
        AddressSpace parent = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(parent, Base, 3 * Page, PageAccess.Read | PageAccess.Write));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(parent, Base + 0x4000_0000, Page, PageAccess.Read | PageAccess.Execute));
        WriteBytes(parent, Base + 10, new byte[] { 1, 2, 3 }, true);

        Assert.Equal(VmStatus.Success, AddressSpaces.Clone(parent, out AddressSpace child));
        Assert.NotEqual(parent.Root, child.Root);
        Assert.Equal(AddressSpaces.FrameCount(parent), AddressSpaces.FrameCount(child));
        Assert.Equal(new byte[] { 1, 2, 3 }, ReadBytes(child, Base + 10, 3));
        Assert.Equal(PageAccess.Read | PageAccess.Execute, AddressSpaces.Query(child, Base + 0x4000_0000));
        Assert.Equal(VmHarness.KernelEntryLow, ((ulong*)DirectMap.Pointer(child.Root))[0]);

        WriteBytes(parent, Base + 10, new byte[] { 9 }, true);
        WriteBytes(child, Base + 2 * Page, new byte[] { 7 }, true);
        Assert.Equal(1, ReadBytes(child, Base + 10, 1)[0]);
        Assert.Equal(0, ReadBytes(parent, Base + 2 * Page, 1)[0]);

        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(parent));
        Assert.Equal(7, ReadBytes(child, Base + 2 * Page, 1)[0]);
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(child));
        Assert.Equal(before, VmHarness.Pab);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TheFrameLimitStopsMapAndCloneWithNothingLeft(string name)
    {
        VmHarness.Use(name);
        byte[] before = VmHarness.Pab;
        AddressSpace space = NewSpace(limit: 6);
        byte[] afterCreate = VmHarness.Pab;
        VmStatus big = AddressSpaces.Map(space, Base, 3 * Page, PageAccess.Read | PageAccess.Write);
        if (IsDemand)
        {
            // Reservations cost tables only; the third touch is one frame too many.
            Assert.Equal(VmStatus.Success, big);
            WriteBytes(space, Base, new byte[2 * Page], true);
            WriteBytes(space, Base + 2 * Page, new byte[1], true, VmStatus.LimitReached);
            Assert.False(AddressSpaces.HandleFault(space, Base + 2 * Page, true));
            Assert.Equal(6UL, AddressSpaces.FrameCount(space));
            Assert.Equal(VmStatus.Success, AddressSpaces.Unmap(space, Base, 3 * Page));
        }
        else
        {
            Assert.Equal(VmStatus.LimitReached, big);
        }

        Assert.Equal(1UL, AddressSpaces.FrameCount(space));
        Assert.Equal(afterCreate, VmHarness.Pab);

        // A clone inherits the limit; one that would pass it leaves nothing behind.
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, Page, PageAccess.Read));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base + Page, Page, PageAccess.Read));
        ReadBytes(space, Base, 2 * (int)Page);
        Assert.Equal(6UL, AddressSpaces.FrameCount(space));
        Assert.Equal(VmStatus.Success, AddressSpaces.Clone(space, out AddressSpace copy));
        Assert.Equal(6UL, AddressSpaces.FrameCount(copy));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(copy));
        VmStatus third = AddressSpaces.Map(space, Base + 2 * Page, Page, PageAccess.Read);
        Assert.Equal(IsDemand ? VmStatus.Success : VmStatus.LimitReached, third);
        if (IsDemand)
        {
            ReadBytes(space, Base + 2 * Page, 1, VmStatus.LimitReached);
        }

        Assert.Equal(6UL, AddressSpaces.FrameCount(space));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        Assert.Equal(before, VmHarness.Pab);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void RunningOutOfFramesLeavesNothingAllocated(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, 2 * Page, PageAccess.Read | PageAccess.Write));
        WriteBytes(space, Base, new byte[] { 5 }, true);

        // Take every free frame but three.
        var taken = new List<PhysicalAddress>();
        while (Pmm.Counts.FreeFrames > 3)
        {
            Assert.Equal(PmmStatus.Success, Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress frame));
            taken.Add(frame);
        }

        byte[] before = VmHarness.Pab;
        ulong frames = AddressSpaces.FrameCount(space);
        VmStatus map = AddressSpaces.Map(space, Base + 0x4000_0000, 8 * Page, PageAccess.Read | PageAccess.Write);
        if (IsDemand)
        {
            // Two tables and the reservations fit; the touches run out.
            Assert.Equal(VmStatus.Success, map);
            WriteBytes(space, Base + 0x4000_0000, new byte[8 * Page], true, VmStatus.OutOfMemory);
            Assert.Equal(VmStatus.Success, AddressSpaces.Unmap(space, Base + 0x4000_0000, 8 * Page));
        }
        else
        {
            Assert.Equal(VmStatus.OutOfMemory, map);
        }

        Assert.Equal(frames, AddressSpaces.FrameCount(space));
        Assert.Equal(before, VmHarness.Pab);
        Assert.Equal(VmStatus.OutOfMemory, AddressSpaces.Clone(space, out AddressSpace copy));
        Assert.True(copy.IsNull);
        Assert.Equal(before, VmHarness.Pab);
        Assert.Equal(5, ReadBytes(space, Base, 1)[0]);

        foreach (PhysicalAddress frame in taken)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Deallocate(frame, 1, FrameOwner.Kernel));
        }

        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void FaultsAreResolvedOnlyForDemandZeroPages(string name)
    {
        VmHarness.Use(name);
        AddressSpace space = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base, Page, PageAccess.Read | PageAccess.Write));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, Base + Page, Page, PageAccess.Read));
        Assert.Equal(IsDemand, AddressSpaces.HandleFault(space, Base + 123, true));
        Assert.Equal(1UL, VmHarness.LeafEntry(space, Base) & UserPageTables.Present);
        Assert.False(AddressSpaces.HandleFault(space, Base + 123, true));       // present now: a real fault
        Assert.False(AddressSpaces.HandleFault(space, Base + Page, true));      // a store to a read-only page
        Assert.Equal(IsDemand, AddressSpaces.HandleFault(space, Base + Page, false));
        Assert.False(AddressSpaces.HandleFault(space, Base + 2 * Page, false)); // not mapped
        Assert.False(AddressSpaces.HandleFault(space, 0x1000, false));          // a kernel slot
        Assert.False(AddressSpaces.HandleFault(space, 0xFFFF_8000_0000_1000, false));
        Assert.False(AddressSpaces.HandleFault(new AddressSpace(0x123000), Base, false));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
    }

    [Fact]
    public void SwitchingAffectsSpacesCreatedAfterwards()
    {
        Assert.Equal(CatalogText.ImplementationList(CatalogText.VmNames, "eager"), KernelHarness.ReadText("/sys/vm/implementation"));
        AddressSpace eager = NewSpace();
        VmHarness.Use("demand");
        Assert.Equal(CatalogText.ImplementationList(CatalogText.VmNames, "demand"), KernelHarness.ReadText("/sys/vm/implementation"));
        AddressSpace demand = NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(eager, Base, Page, PageAccess.Read));
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(demand, Base, Page, PageAccess.Read));
        Assert.Equal(5UL, AddressSpaces.FrameCount(eager));  // still eager
        Assert.Equal(4UL, AddressSpaces.FrameCount(demand));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(eager));
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(demand));
        Assert.Equal("echo: /sys/vm/implementation: invalid argument\n", KernelHarness.Run("echo lazy > /sys/vm/implementation"));
    }

    [Fact]
    public void TheTableOfSpacesIsALimit()
    {
        var spaces = new List<AddressSpace>();
        for (int i = 0; i < VmHarness.Capacity; i++)
        {
            spaces.Add(NewSpace());
        }

        Assert.Equal(VmStatus.LimitReached, AddressSpaces.Create(0, out AddressSpace none));
        Assert.True(none.IsNull);
        foreach (AddressSpace space in spaces)
        {
            Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        }
    }
}
