// Copy-in and copy-out, the only way system calls touch a program's memory: kernel addresses, unmapped pages,
// read-only pages, ranges that wrap or straddle into an unmapped page all give EFAULT, and a failed copy-out writes
// nothing at all. Huge lengths are bounded by the mapping, not trusted.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class UserMemoryTests : IDisposable
{
    private const ulong LastPage = ProcessHarness.DataBase + (ProcessHarness.DataPages - 1) * 4096;
    private readonly ProcessHarness _h = new ProcessHarness();

    public UserMemoryTests() => _h.StartProcess("hostile");

    public void Dispose() => _h.Dispose();

    private long OpenZero() => _h.Call(2, _h.PutString(ProcessHarness.DataBase, "/dev/zero"), 0);

    [Theory]
    [InlineData(0xFFFF_8000_0000_0000UL)]
    [InlineData(0xFFFF_FFFF_8000_0000UL)]
    [InlineData(0x0000_8000_0000_0000UL)]
    [InlineData(0UL)]
    [InlineData(0x1000UL)]
    public void KernelAndUnmappedAddressesGiveEfault(ulong address)
    {
        long fd = OpenZero();
        Assert.Equal(-Errno.EFAULT, _h.Call(0, (ulong)fd, address, 16));
        Assert.Equal(-Errno.EFAULT, _h.Call(1, 1, address, 16));
        Assert.Equal(-Errno.EFAULT, _h.Call(2, address, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(59, address, 0, 0));
    }

    [Fact]
    public void AReadStraddlingAnUnmappedPageWritesNothingThere()
    {
        // The file has 8 bytes; the buffer's last 4 bytes of the mapping are followed by an unmapped page.
        Assert.Equal(VfsStatus.Success, Vfs.Open("/eight"u8, VfsOpenMode.Write | VfsOpenMode.Create, out VfsFile file));
        Vfs.Write(file, 0, "ABCDEFGH"u8, out _);
        long fd = _h.Call(2, _h.PutString(ProcessHarness.DataBase, "/eight"), 0);
        ulong end = ProcessHarness.DataBase + ProcessHarness.DataPages * 4096;
        _h.Poke(end - 4, new byte[] { 1, 2, 3, 4 });
        Assert.Equal(-Errno.EFAULT, _h.Call(0, (ulong)fd, end - 4, 8));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, _h.Peek(end - 4, 4));
    }

    [Fact]
    public void ReadOnlyPagesAreNotWritten()
    {
        FakeAddressSpace.MapForTest(_h.Current->Space, 0x6000_0000, 0x1000, PageAccess.Read);
        long fd = OpenZero();
        Assert.Equal(-Errno.EFAULT, _h.Call(0, (ulong)fd, 0x6000_0000, 8));
        Assert.Equal(-Errno.EFAULT, _h.Call(63, 0x6000_0000));
        _h.Poke(0x6000_0000, Encoding.ASCII.GetBytes("ok\n"));
        CapturingTerminal.Take();
        Assert.Equal(3, _h.Call(1, 1, 0x6000_0000, 3)); // reading from it is fine
        Assert.Equal("ok\n", CapturingTerminal.Take());
    }

    [Fact]
    public void HugeLengthsAreBoundedByTheMapping()
    {
        // Counts are cut to Linux's 0x7ffff000; the transfer then ends where the mapping ends (a partial count).
        long fd = OpenZero();
        _h.Poke(LastPage, new byte[] { 5, 5, 5, 5 });
        Assert.Equal(4096, _h.Call(0, (ulong)fd, LastPage, ulong.MaxValue));
        Assert.Equal(new byte[4], _h.Peek(LastPage, 4));
        CapturingTerminal.Take();
        Assert.Equal(4096, _h.Call(1, 1, LastPage, ulong.MaxValue));
        Assert.Equal(4096, CapturingTerminal.Take().Length);
        Assert.Equal(4096, _h.Call(1, 1, LastPage, 0x7FFF_FFFF_FFFF));
        Assert.Equal(-Errno.EFAULT, _h.Call(1, 1, LastPage + 4096, ulong.MaxValue));
        Assert.Equal(-Errno.EFAULT, _h.Call(0, (ulong)fd, 0x7FFF_FFFF_F000, 0x2000));
    }

    [Fact]
    public void StringsWithoutAnEndGiveNameTooLongOrEfault()
    {
        ulong end = ProcessHarness.DataBase + ProcessHarness.DataPages * 4096;
        _h.Poke(end - 3, Encoding.ASCII.GetBytes("abc"));
        Assert.Equal(-Errno.EFAULT, _h.Call(2, end - 3, 0));
        _h.Poke(ProcessHarness.DataBase, Encoding.ASCII.GetBytes(new string('a', 600)));
        Assert.Equal(-Errno.ENAMETOOLONG, _h.Call(2, ProcessHarness.DataBase, 0));
    }

    [Fact]
    public void RangeChecks()
    {
        Assert.True(UserMemory.IsUserRange(0, MemoryLayout.UserTop));
        Assert.False(UserMemory.IsUserRange(1, MemoryLayout.UserTop));
        Assert.False(UserMemory.IsUserRange(ulong.MaxValue - 1, 4));
        Assert.False(UserMemory.IsUserRange(MemoryLayout.UserTop, 0));
        Assert.Equal(-Errno.EFAULT, UserMemory.CopyIn(null, 0x1000, null, 1));
        Assert.Equal(0, UserMemory.CopyOut(_h.Current, 0xFFFF_8000_0000_0000, null, 0));
    }
}
