// The VFS over ramfs with devfs and sysfs mounted: resolution across mounts, read semantics, every error, and that
// ramfs gives memory back on overwrite.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class VfsTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static void WriteFile(string path, string content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(B(path), VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, B(content), out int count));
        Assert.Equal(content.Length, count);
    }

    [Fact]
    public void RootListsDevAndSys()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/"u8, VfsOpenMode.Read, out VfsFile root));
        byte[] name = new byte[VfsPath.MaxNameLength];
        Assert.Equal(VfsStatus.Success, Vfs.ReadDirectory(root, 0, name, out VfsDirectoryEntry first));
        Assert.Equal("dev", Encoding.ASCII.GetString(name, 0, first.NameLength));
        Assert.Equal(VfsNodeKind.Directory, first.Kind);
        Assert.Equal(VfsStatus.Success, Vfs.ReadDirectory(root, 1, name, out VfsDirectoryEntry second));
        Assert.Equal("sys", Encoding.ASCII.GetString(name, 0, second.NameLength));
        Assert.Equal(VfsStatus.NotFound, Vfs.ReadDirectory(root, 2, name, out _));
    }

    [Theory]
    [InlineData("/dev/pab")]
    [InlineData("/dev/../dev/./pab")]
    [InlineData("//dev//pab")]
    [InlineData("/sys/../dev/pab")]
    [InlineData("/../../dev/pab")]
    public void PathsCrossIntoMounts(string path)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Stat(B(path), out VfsStat stat));
        Assert.Equal(VfsNodeKind.Device, stat.Kind);
        Assert.True(stat.IsFrameBitmap);
    }

    [Fact]
    public void RelativePathsFollowTheCurrentDirectory()
    {
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory("/sys/pmm"u8));
        Assert.Equal("/sys/pmm", Encoding.ASCII.GetString(Vfs.CurrentDirectory));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("stats"u8, out VfsStat stat));
        Assert.Equal(VfsNodeKind.File, stat.Kind);
        Assert.Equal(VfsStatus.Success, Vfs.Stat("../../dev/zero"u8, out stat));
        Assert.Equal(VfsNodeKind.Device, stat.Kind);
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory(".."u8));
        Assert.Equal("/sys", Encoding.ASCII.GetString(Vfs.CurrentDirectory));
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory("../../.."u8));
        Assert.Equal("/", Encoding.ASCII.GetString(Vfs.CurrentDirectory));
    }

    [Fact]
    public void ChangeDirectoryErrorsKeepTheCurrentDirectory()
    {
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory("/dev"u8));
        Assert.Equal(VfsStatus.NotADirectory, Vfs.ChangeDirectory("pab"u8));
        Assert.Equal(VfsStatus.NotFound, Vfs.ChangeDirectory("/nowhere"u8));
        Assert.Equal(VfsStatus.NotADirectory, Vfs.ChangeDirectory("pab/x"u8));
        Assert.Equal("/dev", Encoding.ASCII.GetString(Vfs.CurrentDirectory));
    }

    [Fact]
    public void MakeDirectoryAndFilesInside()
    {
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/home"u8));
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/home/user"u8));
        Assert.Equal(VfsStatus.AlreadyExists, Vfs.MakeDirectory("/home"u8));
        Assert.Equal(VfsStatus.AlreadyExists, Vfs.MakeDirectory("/"u8));
        Assert.Equal(VfsStatus.NotFound, Vfs.MakeDirectory("/missing/child"u8));
        WriteFile("/home/user/notes", "hello\n");
        Assert.Equal(VfsStatus.NotADirectory, Vfs.MakeDirectory("/home/user/notes/x"u8));
        Assert.Equal("hello\n", KernelHarness.ReadText("/home/user/notes"));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/home/user/notes"u8, out VfsStat stat));
        Assert.Equal(6UL, stat.Size);
        Assert.Equal(VfsNodeKind.File, stat.Kind);
        Assert.False(stat.IsReadOnly);
    }

    [Fact]
    public void CannotCreateInDevOrSys()
    {
        Assert.Equal(VfsStatus.ReadOnly, Vfs.MakeDirectory("/dev/new"u8));
        Assert.Equal(VfsStatus.ReadOnly, Vfs.Open("/sys/new"u8, VfsOpenMode.Write | VfsOpenMode.Create, out _));
    }

    [Fact]
    public void ReadsTakeOffsetAndLengthAndAreShortAtTheEnd()
    {
        WriteFile("/f", "0123456789");
        Assert.Equal(VfsStatus.Success, Vfs.Open("/f"u8, VfsOpenMode.Read, out VfsFile file));
        byte[] buffer = new byte[4];
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 0, buffer, out int count));
        Assert.Equal(4, count);
        Assert.Equal("0123", Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 7, buffer, out count));
        Assert.Equal(3, count);
        Assert.Equal("789", Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 10, buffer, out count));
        Assert.Equal(0, count);
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, ulong.MaxValue, buffer, out count));
        Assert.Equal(0, count);
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 3, Span<byte>.Empty, out count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void WritePastTheEndLeavesZeros()
    {
        WriteFile("/f", "ab");
        Assert.Equal(VfsStatus.Success, Vfs.Open("/f"u8, VfsOpenMode.Write, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 5, "z"u8, out _));
        Assert.Equal(new byte[] { (byte)'a', (byte)'b', 0, 0, 0, (byte)'z' }, KernelHarness.ReadAll("/f"));
    }

    [Fact]
    public void GrowingFileKeepsItsContent()
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open("/big"u8, VfsOpenMode.Write | VfsOpenMode.Create, out VfsFile file));
        byte[] expected = new byte[10000];
        for (int i = 0; i < expected.Length; i += 100)
        {
            byte[] piece = new byte[100];
            for (int j = 0; j < 100; j++)
            {
                piece[j] = expected[i + j] = (byte)((i + j) * 7);
            }

            Assert.Equal(VfsStatus.Success, Vfs.Write(file, (ulong)i, piece, out int count));
            Assert.Equal(100, count);
        }

        Assert.Equal(expected, KernelHarness.ReadAll("/big"));
    }

    [Fact]
    public void OverwritingDoesNotLeak()
    {
        WriteFile("/f", "first version of the file, long enough to need a block");
        int blocks = TestHeap.LiveBlocks;
        ulong bytes = TestHeap.BytesInUse;
        for (int i = 0; i < 1000; i++)
        {
            WriteFile("/f", "version " + i + " of the file, long enough to need a block");
        }

        Assert.Equal(blocks, TestHeap.LiveBlocks);
        Assert.Equal(bytes, TestHeap.BytesInUse);
        Assert.Equal("version 999 of the file, long enough to need a block", KernelHarness.ReadText("/f"));
    }

    [Fact]
    public void DistinctErrors()
    {
        Assert.Equal(VfsStatus.NotFound, Vfs.Open("/nothing"u8, VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.NotFound, Vfs.Open("/dev/nothing"u8, VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.NotADirectory, Vfs.Open("/dev/pab/x"u8, VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.IsADirectory, Vfs.Open("/dev"u8, VfsOpenMode.Write, out _));
        Assert.Equal(VfsStatus.ReadOnly, Vfs.Open("/dev/pab"u8, VfsOpenMode.Write, out _));
        Assert.Equal(VfsStatus.ReadOnly, Vfs.Open("/sys/pmm/stats"u8, VfsOpenMode.Write, out _));
        Assert.Equal(VfsStatus.InvalidArgument, Vfs.Open(default, VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.NameTooLong, Vfs.Open(B("/" + new string('x', 65)), VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.PathTooLong, Vfs.Open(B(string.Concat(System.Linq.Enumerable.Repeat("/abcdefgh", 40))), VfsOpenMode.Read, out _));

        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev"u8, VfsOpenMode.Read, out VfsFile directory));
        Assert.Equal(VfsStatus.IsADirectory, Vfs.Read(directory, 0, new byte[4], out _));
        Assert.Equal(VfsStatus.Success, Vfs.Open("/"u8, VfsOpenMode.Read, out VfsFile root));
        Assert.Equal(VfsStatus.IsADirectory, Vfs.Read(root, 0, new byte[4], out _));

        WriteFile("/f", "x");
        Assert.Equal(VfsStatus.Success, Vfs.Open("/f"u8, VfsOpenMode.Read, out VfsFile readOnlyHandle));
        Assert.Equal(VfsStatus.BadHandle, Vfs.Write(readOnlyHandle, 0, "y"u8, out _));
        Assert.Equal(VfsStatus.NotADirectory, Vfs.ReadDirectory(readOnlyHandle, 0, new byte[8], out _));
    }

    [Fact]
    public void OutOfHeapIsNoSpaceAndChangesNothing()
    {
        WriteFile("/f", "keep");
        TestHeap.FailAllocations = true;
        Assert.Equal(VfsStatus.NoSpace, Vfs.MakeDirectory("/d"u8));
        Assert.Equal(VfsStatus.Success, Vfs.Open("/f"u8, VfsOpenMode.Write, out VfsFile file));
        Assert.Equal(VfsStatus.NoSpace, Vfs.Write(file, 0, new byte[1000], out _));
        TestHeap.FailAllocations = false;
        Assert.Equal("keep", KernelHarness.ReadText("/f"));
        Assert.Equal(VfsStatus.NotFound, Vfs.Stat("/d"u8, out _));
    }

    [Fact]
    public void MountErrors()
    {
        Assert.Equal(VfsStatus.Success, MeghaOS.FileSystem.RamFs.RamFileSystem.Create(out FileSystemOperations other));
        Assert.Equal(VfsStatus.MountPointBusy, Vfs.Mount("/dev"u8, other));
        Assert.Equal(VfsStatus.NotFound, Vfs.Mount("/nothing"u8, other));
        Assert.Equal(VfsStatus.NotADirectory, Vfs.Mount("/dev/pab"u8, other));
        Assert.Equal(VfsStatus.InvalidArgument, Vfs.Mount("/"u8, default));

        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/mnt"u8));
        Assert.Equal(VfsStatus.Success, Vfs.Mount("/mnt"u8, other));
        WriteFile("/mnt/inside", "data");
        Assert.Equal("data", KernelHarness.ReadText("/mnt/../mnt/inside"));

        // The mount table's slots: root, dev, sys, mnt, and the rest.
        for (int i = 0; i < MountTable.Capacity - 4; i++)
        {
            Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory(B("/m" + i)));
            Assert.Equal(VfsStatus.Success, MeghaOS.FileSystem.RamFs.RamFileSystem.Create(out FileSystemOperations fs));
            Assert.Equal(VfsStatus.Success, Vfs.Mount(B("/m" + i), fs));
        }

        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/full"u8));
        Assert.Equal(VfsStatus.TooManyMounts, Vfs.Mount("/full"u8, other));
    }

    [Fact]
    public void RamfsListsNamesInOrder()
    {
        WriteFile("/zeta", "z");
        WriteFile("/alpha", "a");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/mid"u8));
        Assert.Equal(VfsStatus.Success, Vfs.Open("/"u8, VfsOpenMode.Read, out VfsFile root));
        byte[] name = new byte[VfsPath.MaxNameLength];
        var names = new System.Collections.Generic.List<string>();
        for (ulong i = 0; Vfs.ReadDirectory(root, i, name, out VfsDirectoryEntry entry) == VfsStatus.Success; i++)
        {
            names.Add(Encoding.ASCII.GetString(name, 0, entry.NameLength));
        }

        Assert.Equal(new[] { "alpha", "dev", "mid", "sys", "zeta" }, names);
    }
}
