// Vfs.Rename over ramfs with devfs and sysfs mounted: moving and renaming files and directories, replacing, the
// order of the listing afterwards, every refusal (each of which changes nothing), and that nothing leaks.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Collections.Generic;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class VfsRenameTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static void WriteFile(string path, string content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(B(path), VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, B(content), out _));
    }

    private static VfsStatus Rename(string from, string to, bool noReplace = false) => Vfs.Rename(B(from), B(to), noReplace);

    private static List<string> List(string path)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(B(path), VfsOpenMode.Read, out VfsFile directory));
        byte[] name = new byte[VfsPath.MaxNameLength];
        var names = new List<string>();
        for (ulong i = 0; Vfs.ReadDirectory(directory, i, name, out VfsDirectoryEntry entry) == VfsStatus.Success; i++)
        {
            names.Add(Encoding.ASCII.GetString(name, 0, entry.NameLength));
        }

        return names;
    }

    [Fact]
    public void RenamesAFileInPlaceKeepingTheListSorted()
    {
        WriteFile("/b", "content");
        WriteFile("/m", "m");
        Assert.Equal(VfsStatus.Success, Rename("/b", "/z"));
        Assert.Equal(new[] { "dev", "m", "sys", "z" }, List("/"));
        Assert.Equal("content", KernelHarness.ReadText("/z"));
        Assert.Equal(VfsStatus.NotFound, Vfs.Stat("/b"u8, out _));
        Assert.Equal(VfsStatus.Success, Rename("/z", "/a"));
        Assert.Equal(new[] { "a", "dev", "m", "sys" }, List("/"));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/"u8, out VfsStat root));
        Assert.Equal(4UL, root.Size);
    }

    [Fact]
    public void MovesIntoAnotherDirectoryWithALongerName()
    {
        WriteFile("/f", "moved");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d"u8));
        Assert.Equal(VfsStatus.Success, Rename("/f", "/d/a-much-longer-name-than-before"));
        Assert.Equal(new[] { "a-much-longer-name-than-before" }, List("/d"));
        Assert.Equal("moved", KernelHarness.ReadText("/d/a-much-longer-name-than-before"));
        Assert.Equal(VfsStatus.Success, Rename("/d/a-much-longer-name-than-before", "/g"));
        Assert.Equal("moved", KernelHarness.ReadText("/g"));
        Assert.Empty(List("/d"));
    }

    [Fact]
    public void MovesADirectoryWithItsContent()
    {
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/a"u8));
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/a/inner"u8));
        WriteFile("/a/inner/f", "deep");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/b"u8));
        Assert.Equal(VfsStatus.Success, Rename("/a", "/b/a2"));
        Assert.Equal("deep", KernelHarness.ReadText("/b/a2/inner/f"));
        Assert.Equal(VfsStatus.NotFound, Vfs.Stat("/a"u8, out _));
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory("/b/a2/inner"u8));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("../../a2/inner/f"u8, out VfsStat stat));
        Assert.Equal(4UL, stat.Size);
    }

    [Fact]
    public void AFileReplacesAFileAndADirectoryAnEmptyDirectory()
    {
        WriteFile("/new", "new");
        WriteFile("/old", "old content");
        Assert.Equal(VfsStatus.Success, Rename("/new", "/old"));
        Assert.Equal("new", KernelHarness.ReadText("/old"));
        Assert.Equal(new[] { "dev", "old", "sys" }, List("/"));

        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d"u8));
        WriteFile("/d/f", "kept");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/empty"u8));
        Assert.Equal(VfsStatus.Success, Rename("/d", "/empty"));
        Assert.Equal("kept", KernelHarness.ReadText("/empty/f"));
    }

    [Fact]
    public void ReplacingGivesTheMemoryBack()
    {
        WriteFile("/target", "a file whose content needs a block of its own");
        int blocks = TestHeap.LiveBlocks;
        ulong bytes = TestHeap.BytesInUse;
        for (int i = 0; i < 100; i++)
        {
            WriteFile("/source", "the next version, also needing a block " + i);
            Assert.Equal(VfsStatus.Success, Rename("/source", "/target"));
        }

        Assert.Equal(blocks, TestHeap.LiveBlocks);
        Assert.Equal(bytes, TestHeap.BytesInUse);

        // A rename to a longer name takes a block for the name; renaming on and finally removing gives it back.
        Assert.Equal(VfsStatus.Success, Rename("/target", "/a-longer-name-than-target"));
        Assert.Equal(VfsStatus.Success, Rename("/a-longer-name-than-target", "/an-even-longer-name-than-that-one"));
        Assert.Equal(VfsStatus.Success, Vfs.Remove("/an-even-longer-name-than-that-one"u8, VfsNodeKind.File));
        Assert.Equal(blocks - 2, TestHeap.LiveBlocks);
    }

    [Fact]
    public void RefusalsChangeNothing()
    {
        WriteFile("/f", "f");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d"u8));
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d/sub"u8));
        WriteFile("/d/sub/x", "x");
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/e"u8));

        Assert.Equal(VfsStatus.NotFound, Rename("/missing", "/g"));
        Assert.Equal(VfsStatus.NotFound, Rename("/f", "/nowhere/g"));
        Assert.Equal(VfsStatus.NotADirectory, Rename("/f", "/f/g"));
        Assert.Equal(VfsStatus.IsADirectory, Rename("/f", "/e"));
        Assert.Equal(VfsStatus.NotADirectory, Rename("/e", "/f"));
        Assert.Equal(VfsStatus.DirectoryNotEmpty, Rename("/e", "/d"));
        Assert.Equal(VfsStatus.DirectoryNotEmpty, Rename("/d/sub", "/d"));
        Assert.Equal(VfsStatus.InvalidArgument, Rename("/d", "/d/sub/inside"));
        Assert.Equal(VfsStatus.InvalidArgument, Rename("/d", "/d/new"));
        Assert.Equal(VfsStatus.AlreadyExists, Rename("/f", "/d/sub/x", noReplace: true));
        Assert.Equal(VfsStatus.AlreadyExists, Rename("/f", "/f", noReplace: true));
        Assert.Equal(VfsStatus.NameTooLong, Rename("/f", "/" + new string('n', 65)));
        Assert.Equal(VfsStatus.Busy, Rename("/", "/r"));
        Assert.Equal(VfsStatus.Busy, Rename("/f", "/"));
        Assert.Equal(VfsStatus.Busy, Rename("/dev", "/devices"));
        Assert.Equal(VfsStatus.Busy, Rename("/e", "/sys"));
        Assert.Equal(VfsStatus.CrossDevice, Rename("/dev/zero", "/zero"));
        Assert.Equal(VfsStatus.CrossDevice, Rename("/f", "/dev/f"));
        Assert.Equal(VfsStatus.NotPermitted, Rename("/dev/zero", "/dev/nothing"));
        Assert.Equal(VfsStatus.NotPermitted, Rename("/sys/pmm/stats", "/sys/pmm/s"));
        Assert.Equal(VfsStatus.Success, Vfs.ChangeDirectory("/d/sub"u8));
        Assert.Equal(VfsStatus.Busy, Rename("/d", "/e/d"));

        Assert.Equal(new[] { "d", "dev", "e", "f", "sys" }, List("/"));
        Assert.Equal("x", KernelHarness.ReadText("/d/sub/x"));
        Assert.Equal("f", KernelHarness.ReadText("/f"));
        Assert.Empty(List("/e"));
    }

    [Fact]
    public void RenamingAPathOntoItselfSucceedsAndChangesNothing()
    {
        WriteFile("/f", "same");
        Assert.Equal(VfsStatus.Success, Rename("/f", "/./f"));
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d"u8));
        Assert.Equal(VfsStatus.Success, Rename("/d", "/d"));
        Assert.Equal(new[] { "d", "dev", "f", "sys" }, List("/"));
        Assert.Equal("same", KernelHarness.ReadText("/f"));
    }

    [Fact]
    public void OutOfHeapForALongerNameIsNoSpaceAndChangesNothing()
    {
        WriteFile("/f", "kept");
        TestHeap.FailAllocations = true;
        Assert.Equal(VfsStatus.NoSpace, Rename("/f", "/a-longer-name"));
        Assert.Equal(VfsStatus.Success, Rename("/f", "/g"));
        TestHeap.FailAllocations = false;
        Assert.Equal(new[] { "dev", "g", "sys" }, List("/"));
        Assert.Equal("kept", KernelHarness.ReadText("/g"));
    }
}
