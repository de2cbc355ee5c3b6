// A file removed (unlink) or replaced (rename over it) while a descriptor still has it open: as on Linux, the name
// goes at once but the file stays the descriptor's, readable and writable, and its memory goes back to the heap at
// the last close. Before ramfs nodes were held by open descriptions, the removal freed the node under the
// descriptor, whose next read or write touched freed heap.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class RemovedOpenFileTests : IDisposable
{
    private const ulong PathAddress = ProcessHarness.DataBase;
    private const ulong OtherPathAddress = ProcessHarness.DataBase + 0x200;
    private const ulong BufferAddress = ProcessHarness.DataBase + 0x400;
    private const long ReadWrite = 2;
    private const long Create = 0x40;

    private readonly ProcessHarness _h = new ProcessHarness();

    public RemovedOpenFileTests() => _h.StartProcess("holder");

    public void Dispose() => _h.Dispose();

    private long Open(string path) => _h.Call(2, _h.PutString(PathAddress, path), (ulong)(ReadWrite | Create), 0x1A4);

    private long Write(long fd, string text)
    {
        _h.Poke(BufferAddress, Encoding.ASCII.GetBytes(text));
        return _h.Call(1, (ulong)fd, BufferAddress, (ulong)text.Length);
    }

    private string ReadAt(long fd, int count, ulong offset)
    {
        long read = _h.Call(17, (ulong)fd, BufferAddress, (ulong)count, offset);
        Assert.True(read >= 0, "pread64 failed: " + read);
        return Encoding.ASCII.GetString(_h.Peek(BufferAddress, (int)read));
    }

    private static bool Exists(string path) => Vfs.Stat(Encoding.ASCII.GetBytes(path), out _) == VfsStatus.Success;

    [Fact]
    public void AnUnlinkedOpenFileStaysTheDescriptorsUntilItsLastClose()
    {
        ulong heapBefore = Heap.Stats.BytesInUse;
        long fd = Open("/kept");
        Assert.True(fd >= 0);
        Assert.Equal(6, Write(fd, "before"));

        Assert.Equal(0, _h.Call(87, _h.PutString(PathAddress, "/kept"))); // unlink
        Assert.False(Exists("/kept"));
        Assert.Equal(5, Write(fd, " more"));
        Assert.Equal("before more", ReadAt(fd, 64, 0));

        // A new file of the same name is another file.
        long other = Open("/kept");
        Assert.True(other >= 0);
        Assert.Equal("", ReadAt(other, 64, 0));
        Assert.Equal(0, _h.Call(3, (ulong)other));
        Assert.Equal(0, _h.Call(87, _h.PutString(PathAddress, "/kept")));

        Assert.Equal(0, _h.Call(3, (ulong)fd)); // the last close frees the node and its content
        Assert.Equal(heapBefore, Heap.Stats.BytesInUse);
    }

    [Fact]
    public void AFileReplacedByARenameStaysTheDescriptorsAndADupKeepsItToo()
    {
        ulong heapBefore = Heap.Stats.BytesInUse;
        long fd = Open("/old");
        Assert.Equal(3, Write(fd, "old"));
        long copy = _h.Call(32, (ulong)fd); // dup: one description, two descriptors
        Assert.True(copy >= 0);
        long newer = Open("/new");
        Assert.Equal(3, Write(newer, "new"));
        Assert.Equal(0, _h.Call(3, (ulong)newer));

        Assert.Equal(0, _h.Call(82, _h.PutString(PathAddress, "/new"), _h.PutString(OtherPathAddress, "/old")));
        Assert.Equal("new", KernelHarness.ReadText("/old"));
        Assert.Equal("old", ReadAt(fd, 64, 0));

        Assert.Equal(0, _h.Call(3, (ulong)fd));
        Assert.Equal("old", ReadAt(copy, 64, 0)); // still held by the other descriptor of the description
        Assert.Equal(0, _h.Call(3, (ulong)copy));
        Assert.Equal(0, _h.Call(87, _h.PutString(PathAddress, "/old")));
        Assert.Equal(heapBefore, Heap.Stats.BytesInUse);
    }

    [Fact]
    public void ARemovedFileHeldByAnExitingProcessIsFreedWithIt()
    {
        ulong heapBefore = Heap.Stats.BytesInUse;
        long fd = Open("/scratch");
        Assert.Equal(4, Write(fd, "data"));
        Assert.Equal(0, _h.Call(87, _h.PutString(PathAddress, "/scratch")));
        Assert.True(Heap.Stats.BytesInUse > heapBefore); // still held

        _h.Call(60, 0); // exit closes every descriptor
        Assert.Equal(heapBefore, Heap.Stats.BytesInUse);
    }
}
