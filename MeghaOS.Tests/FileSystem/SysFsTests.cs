// /sys: the exact text of every file (/sys/pmm/owners at any offset and longer than a render buffer), and switching
// the PMM implementation by writing a name.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class SysFsTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness(brokenImplementation: true);

    public void Dispose() => _kernel.Dispose();

    private static VfsStatus WriteName(string text)
    {
        VfsStatus status = Vfs.Open("/sys/pmm/implementation"u8, VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file);
        return status != VfsStatus.Success ? status : Vfs.Write(file, 0, Encoding.ASCII.GetBytes(text), out _);
    }

    [Fact]
    public void ImplementationListsAllWithTheActiveInBrackets()
    {
        Assert.Equal(CatalogText.PmmList(CatalogText.DefaultPmm, "broken"), KernelHarness.ReadText("/sys/pmm/implementation"));
    }

    [Fact]
    public void WritingANameSwitchesAndKeepsThePab()
    {
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(5, 1, FrameOwner.Kernel, out PhysicalAddress kept));
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(VfsStatus.Success, WriteName(CatalogText.OtherPmm + "\n"));
        Assert.Equal(CatalogText.OtherPmm, Pmm.ImplementationName);
        Assert.Equal(CatalogText.PmmList(CatalogText.OtherPmm, "broken"), KernelHarness.ReadText("/sys/pmm/implementation"));
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));

        // The allocation made before the switch is still allocated, and can be freed by the new implementation.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(3, 1, FrameOwner.Kernel, out PhysicalAddress fresh));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(kept, 5, FrameOwner.Kernel));
        Assert.Equal(VfsStatus.Success, WriteName("  " + CatalogText.DefaultPmm + "  "));
        Assert.Equal(CatalogText.DefaultPmm, Pmm.ImplementationName);
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(fresh, 3, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.DoubleFree, Pmm.Deallocate(kept, 5, FrameOwner.Kernel));
    }

    [Fact]
    public void WritingTheActiveNameChangesNothing()
    {
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(VfsStatus.Success, WriteName(CatalogText.DefaultPmm));
        Assert.Equal(CatalogText.DefaultPmm, Pmm.ImplementationName);
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));
    }

    public static TheoryData<string> UnknownNames => new()
    {
        "nonsense", "", "\n", CatalogText.DefaultPmm[..^1], CatalogText.DefaultPmm + " " + CatalogText.OtherPmm,
    };

    [Theory]
    [MemberData(nameof(UnknownNames))]
    public void UnknownNameIsAnErrorAndChangesNothing(string name)
    {
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(VfsStatus.InvalidArgument, WriteName(name));
        Assert.Equal(CatalogText.DefaultPmm, Pmm.ImplementationName);
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));
    }

    [Fact]
    public void FailedTakeOverIsRefusedAndChangesNothing()
    {
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(VfsStatus.Refused, WriteName("broken"));
        Assert.Equal(CatalogText.DefaultPmm, Pmm.ImplementationName);
        Assert.Equal(PmmStatus.MetadataTooSmall, PmmSubsystem.LastStatus);
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));
    }

    [Fact]
    public void StatsHasOneKeyValuePerLine()
    {
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(10, 1, FrameOwner.Kernel, out _));
        PmmCounts counts = Pmm.Counts;
        Assert.Equal(1024UL, counts.TotalFrames);
        Assert.Equal(0x62UL, counts.ReservedFrames); // frame 0 and 0x9F..0xFF
        string expected =
            "implementation " + CatalogText.DefaultPmm + "\n" +
            "frame_size 4096\n" +
            "total_frames 1024\n" +
            "free_frames " + (1024 - 0x62 - 10) + "\n" +
            "allocated_frames 10\n" +
            "reserved_frames 98\n" +
            "total_bytes 4194304\n" +
            "free_bytes " + (1024 - 0x62 - 10) * 4096 + "\n" +
            "allocated_bytes 40960\n" +
            "reserved_bytes 401408\n";
        Assert.Equal(expected, KernelHarness.ReadText("/sys/pmm/stats"));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/sys/pmm/stats"u8, out VfsStat stat));
        Assert.Equal((ulong)expected.Length, stat.Size);
        Assert.True(stat.IsReadOnly);
    }

    [Fact]
    public void RegionsListsTheMemoryMap()
    {
        Assert.Equal(
            "0x0000000000000000 0x000000000009f000 usable\n" +
            "0x000000000009f000 0x0000000000061000 reserved\n" +
            "0x0000000000100000 0x0000000000300000 usable\n" +
            "0x00000000fffc0000 0x0000000000040000 reserved\n",
            KernelHarness.ReadText("/sys/pmm/regions"));
    }

    [Fact]
    public unsafe void RegionsListsEveryEntryOfALongMap()
    {
        // GRUB's cutmem with many holes: 150 entries, far more than one render buffer holds.
        var regions = new MemoryRegion[150];
        var expected = new StringBuilder();
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = new MemoryRegion(0x100000UL * (ulong)i, 0x80000, i % 3 == 0 ? MemoryRegionType.Reserved : MemoryRegionType.Usable);
            expected.Append("0x").Append(regions[i].Base.ToString("x16")).Append(" 0x0000000000080000 ").Append(i % 3 == 0 ? "reserved\n" : "usable\n");
        }

        fixed (MemoryRegion* map = regions)
        {
            PmmSubsystem.SetMemoryMap(map, regions.Length, null, 0);
            Assert.Equal(expected.ToString(), KernelHarness.ReadText("/sys/pmm/regions"));
            Assert.Equal(VfsStatus.Success, Vfs.Stat("/sys/pmm/regions"u8, out VfsStat stat));
            Assert.Equal((ulong)expected.Length, stat.Size);
            PmmSubsystem.SetMemoryMap(null, 0, null, 0);
        }
    }

    [Fact]
    public void TextFilesReadAtOffsetsWithShortCounts()
    {
        string whole = KernelHarness.ReadText("/sys/pmm/implementation");
        Assert.Equal(VfsStatus.Success, Vfs.Open("/sys/pmm/implementation"u8, VfsOpenMode.Read, out VfsFile file));
        byte[] buffer = new byte[4];
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 3, buffer, out int count));
        Assert.Equal(whole.Substring(3, 4), Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, (ulong)whole.Length - 2, buffer, out count));
        Assert.Equal(2, count);
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, (ulong)whole.Length, buffer, out count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void SysListsThePmmDirectory()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/sys/pmm"u8, VfsOpenMode.Read, out VfsFile dir));
        byte[] name = new byte[VfsPath.MaxNameLength];
        var names = new System.Collections.Generic.List<string>();
        for (ulong i = 0; Vfs.ReadDirectory(dir, i, name, out VfsDirectoryEntry entry) == VfsStatus.Success; i++)
        {
            names.Add(Encoding.ASCII.GetString(name, 0, entry.NameLength));
        }

        Assert.Equal(new[] { "implementation", "stats", "regions", "owners", "startup" }, names);
    }

    [Fact]
    public void OwnersListsEveryAllocationWithItsOwner()
    {
        Assert.Equal("", KernelHarness.ReadText("/sys/pmm/owners"));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 1, FrameOwner.KernelHeap, out PhysicalAddress heap));
        Assert.Equal(PmmStatus.Success, Pmm.AllocateAt(PhysicalAddress.FromFrame(0x200), 3, FrameOwner.Shell));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, (FrameOwner)77, out PhysicalAddress odd));
        string expected =
            "0x" + heap.Value.ToString("x16") + " 16 kernel-heap\n" +
            "0x" + odd.Value.ToString("x16") + " 1 owner-77\n" +
            "0x0000000000200000 3 shell\n";
        Assert.Equal(expected, KernelHarness.ReadText("/sys/pmm/owners"));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/sys/pmm/owners"u8, out VfsStat stat));
        Assert.Equal((ulong)expected.Length, stat.Size);
    }

    [Fact]
    public void OwnersLongerThanARenderBufferReadsTheSameAtEveryOffset()
    {
        var expected = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, i % 2 == 0 ? FrameOwner.Shell : FrameOwner.KernelHeap, out PhysicalAddress address));
            expected.Append("0x").Append(address.Value.ToString("x16")).Append(i % 2 == 0 ? " 1 shell\n" : " 1 kernel-heap\n");
        }

        Assert.True(expected.Length > MeghaOS.FileSystem.Synthetic.SyntheticFileSystem.RenderBufferSize);
        Assert.Equal(expected.ToString(), KernelHarness.ReadText("/sys/pmm/owners")); // read in 100-byte pieces
        Assert.Equal(VfsStatus.Success, Vfs.Open("/sys/pmm/owners"u8, VfsOpenMode.Read, out VfsFile file));
        byte[] buffer = new byte[37];
        foreach (int offset in new[] { 0, 1, 4095, 4096, 7000, expected.Length - 5, expected.Length })
        {
            Assert.Equal(VfsStatus.Success, Vfs.Read(file, (ulong)offset, buffer, out int count));
            Assert.Equal(expected.ToString().Substring(offset, Math.Min(37, expected.Length - offset)), Encoding.ASCII.GetString(buffer, 0, count));
        }
    }
}
