// /dev/pab, /dev/null and /dev/zero: the PAB is the facade's, byte for byte, at any offset and length, and live.
namespace MeghaOS.Tests.FileSystem;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class DevFsTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static byte[] ReadPab(ulong offset, int length, out int count)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev/pab"u8, VfsOpenMode.Read, out VfsFile file));
        byte[] buffer = new byte[length];
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, offset, buffer, out count));
        return buffer;
    }

    [Theory]
    [InlineData(0UL, 128)]
    [InlineData(0UL, 1)]
    [InlineData(19UL, 3)]
    [InlineData(20UL, 13)]
    [InlineData(100UL, 100)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 5)]
    [InlineData(5000UL, 5)]
    public void PabEqualsTheFacadesAtAnyOffsetAndLength(ulong offset, int length)
    {
        byte[] expected = Pmm.Pab.ToArray();
        Assert.Equal(128, expected.Length); // 1024 frames
        byte[] bytes = ReadPab(offset, length, out int count);
        int available = offset >= (ulong)expected.Length ? 0 : expected.Length - (int)offset;
        Assert.Equal(Math.Min(length, available), count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(expected[(int)offset + i], bytes[i]);
        }
    }

    [Fact]
    public void PabShowsTheReservedHoleAndFrameZero()
    {
        byte[] pab = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(0x01, pab[0]);               // frame 0 reserved, 1..7 free
        Assert.Equal(0x80, pab[0x9F / 8]);         // frame 0x9F is bit 7 of byte 19
        Assert.Equal(0xFF, pab[0xA0 / 8]);
        Assert.Equal(0xFF, pab[0xF8 / 8]);
        Assert.Equal(0x00, pab[0x100 / 8]);
    }

    [Fact]
    public void PabIsLive()
    {
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 16, FrameOwner.Kernel, out PhysicalAddress address));
        byte[] after = KernelHarness.ReadAll("/dev/pab");
        int changedBits = 0;
        for (int i = 0; i < before.Length; i++)
        {
            changedBits += System.Numerics.BitOperations.PopCount((uint)(before[i] ^ after[i]));
        }

        Assert.Equal(16, changedBits);
        Assert.Equal(0xFF, after[(int)(address.FrameNumber / 8)]);
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(address, 16, FrameOwner.Kernel));
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));
    }

    [Fact]
    public void PabStatReportsSizeAndReadOnly()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/dev/pab"u8, out VfsStat stat));
        Assert.Equal(128UL, stat.Size);
        Assert.True(stat.IsReadOnly);
        Assert.True(stat.IsFrameBitmap);
        Assert.Equal(VfsNodeKind.Device, stat.Kind);
    }

    [Fact]
    public void NullReadsEmptyAndSwallowsWrites()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev/null"u8, VfsOpenMode.Read | VfsOpenMode.Write, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, "anything"u8, out int written));
        Assert.Equal(8, written);
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 0, new byte[10], out int count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void ZeroReadsZerosAtAnyOffset()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev/zero"u8, VfsOpenMode.Read, out VfsFile file));
        byte[] buffer = { 1, 2, 3, 4, 5 };
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 123456, buffer, out int count));
        Assert.Equal(5, count);
        Assert.Equal(new byte[5], buffer);
    }

    [Fact]
    public void DevListsItsFiles()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev"u8, VfsOpenMode.Read, out VfsFile dev));
        byte[] name = new byte[VfsPath.MaxNameLength];
        var names = new System.Collections.Generic.List<string>();
        for (ulong i = 0; Vfs.ReadDirectory(dev, i, name, out VfsDirectoryEntry entry) == VfsStatus.Success; i++)
        {
            names.Add(System.Text.Encoding.ASCII.GetString(name, 0, entry.NameLength));
            Assert.Equal(VfsNodeKind.Device, entry.Kind);
        }

        Assert.Equal(new[] { "pab", "null", "zero" }, names);
    }
}
