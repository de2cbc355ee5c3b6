// sendfile (40) from a process on the host: a file to the console, to a pipe and to another file, with the file's own
// offset (which advances) or an offset pointer (which is written back while the file's offset stays), more than one
// chunk, the end of the file, and each errno in Linux's order (where nothing moves).
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Linq;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SendfileSyscallTests : IDisposable
{
    private const ulong PathAddress = ProcessHarness.DataBase;
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;
    private const ulong OffsetAddress = ProcessHarness.DataBase + 0x3000;
    private const ulong Fds = ProcessHarness.DataBase + 0x3100;

    private readonly ProcessHarness _h = new ProcessHarness();

    public SendfileSyscallTests() => _h.StartProcess("sendfile");

    public void Dispose() => _h.Dispose();

    private static void WriteFile(string path, byte[] content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(Encoding.ASCII.GetBytes(path), VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, content, out _));
    }

    private long Open(string path, int flags) => _h.Call(2, _h.PutString(PathAddress, path), (ulong)flags);

    private long Sendfile(long output, long input, ulong offsetAddress, ulong count) =>
        _h.Call(40, (ulong)output, (ulong)input, offsetAddress, count);

    private long Tell(long fd) => _h.Call(8, (ulong)fd, 0, SyscallFlags.SeekCurrent);

    [Fact]
    public void AFileToTheConsoleAdvancesTheFileOffset()
    {
        WriteFile("/text", Encoding.ASCII.GetBytes("hello console\n"));
        long input = Open("/text", SyscallFlags.ReadOnly);
        CapturingTerminal.Take();
        Assert.Equal(5, Sendfile(1, input, 0, 5));
        Assert.Equal("hello", CapturingTerminal.Take());
        Assert.Equal(5, Tell(input));
        Assert.Equal(9, Sendfile(1, input, 0, 100));
        Assert.Equal(" console\n", CapturingTerminal.Take());
        Assert.Equal(0, Sendfile(1, input, 0, 100));
        Assert.Equal(14, Tell(input));
    }

    [Fact]
    public void AnOffsetPointerIsReadAndWrittenBackAndTheFileOffsetStays()
    {
        byte[] content = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        WriteFile("/big", content);
        long input = Open("/big", SyscallFlags.ReadOnly);
        long output = Open("/copy", SyscallFlags.WriteOnly | SyscallFlags.Create);
        _h.Poke(OffsetAddress, BitConverter.GetBytes(1000L));
        Assert.Equal(3500, Sendfile(output, input, OffsetAddress, 3500));
        Assert.Equal(4500UL, _h.PeekUInt64(OffsetAddress));
        Assert.Equal(0, Tell(input));
        Assert.Equal(500, Sendfile(output, input, OffsetAddress, 10_000));
        Assert.Equal(5000UL, _h.PeekUInt64(OffsetAddress));
        Assert.Equal(0, Sendfile(output, input, OffsetAddress, 10));
        Assert.Equal(content.Skip(1000).ToArray(), KernelHarness.ReadAll("/copy"));
        Assert.Equal(4000, Tell(output));
    }

    [Fact]
    public void AFileIntoAPipe()
    {
        WriteFile("/piped", Encoding.ASCII.GetBytes("through the pipe"));
        Assert.Equal(0, _h.Call(22, Fds));
        ulong reader = (ulong)_h.PeekInt32(Fds);
        long writer = _h.PeekInt32(Fds + 4);
        long input = Open("/piped", SyscallFlags.ReadOnly);
        Assert.Equal(16, Sendfile(writer, input, 0, 1 << 20));
        Assert.Equal(16, _h.Call(0, reader, Buffer, 100));
        Assert.Equal("through the pipe", Encoding.ASCII.GetString(_h.Peek(Buffer, 16)));
    }

    [Fact]
    public void ErrorsInLinuxOrderMoveNothing()
    {
        WriteFile("/src", Encoding.ASCII.GetBytes("source"));
        long input = Open("/src", SyscallFlags.ReadOnly);
        long writeOnly = Open("/dst", SyscallFlags.WriteOnly | SyscallFlags.Create);
        long readOnly = Open("/src", SyscallFlags.ReadOnly);
        long append = Open("/dst", SyscallFlags.WriteOnly | SyscallFlags.Append);
        long directory = Open("/dev", SyscallFlags.ReadOnly);
        Assert.Equal(0, _h.Call(22, Fds));
        long pipeReader = _h.PeekInt32(Fds);

        Assert.Equal(-Errno.EFAULT, Sendfile(40, 40, 0x7000_0000, 1));
        Assert.Equal(-Errno.EBADF, Sendfile(1, 40, 0, 1));
        Assert.Equal(-Errno.EBADF, Sendfile(1, writeOnly, 0, 1));
        _h.Poke(OffsetAddress, BitConverter.GetBytes(0L));
        Assert.Equal(-Errno.ESPIPE, Sendfile(40, pipeReader, OffsetAddress, 1));
        _h.Poke(OffsetAddress, BitConverter.GetBytes(-1L));
        Assert.Equal(-Errno.EINVAL, Sendfile(40, input, OffsetAddress, 1));
        Assert.Equal(-Errno.EBADF, Sendfile(40, input, 0, 1));
        Assert.Equal(-Errno.EBADF, Sendfile(readOnly, input, 0, 1));
        Assert.Equal(-Errno.EINVAL, Sendfile(writeOnly, pipeReader, 0, 1));
        Assert.Equal(-Errno.EINVAL, Sendfile(writeOnly, directory, 0, 1));
        Assert.Equal(-Errno.EINVAL, Sendfile(append, input, 0, 1));
        Assert.Equal(-Errno.EINVAL, Sendfile(1, 0, 0, 1));

        Assert.Equal(0, Tell(input));
        Assert.Empty(KernelHarness.ReadAll("/dst"));
    }
}
