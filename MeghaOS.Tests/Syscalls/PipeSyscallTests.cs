// Pipes through the system calls: bytes in order, a reader waiting until a writer writes (the fake's OnBlock plays
// the writer), end of file once every write end is closed, EPIPE once every read end is, EAGAIN with O_NONBLOCK,
// close-on-exec, and the pipe's buffer given back to the heap when both ends are gone.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class PipeSyscallTests : IDisposable
{
    private const ulong Fds = ProcessHarness.DataBase;
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;

    private readonly ProcessHarness _h = new ProcessHarness();

    public PipeSyscallTests() => _h.StartProcess("pipes");

    public void Dispose() => _h.Dispose();

    private (ulong Reader, ulong Writer) MakePipe(int flags = 0)
    {
        Assert.Equal(0, flags == 0 ? _h.Call(22, Fds) : _h.Call(293, Fds, (ulong)flags));
        return ((ulong)_h.PeekInt32(Fds), (ulong)_h.PeekInt32(Fds + 4));
    }

    private long Write(ulong fd, string text)
    {
        _h.Poke(Buffer, Encoding.ASCII.GetBytes(text));
        return _h.Call(1, fd, Buffer, (ulong)text.Length);
    }

    [Fact]
    public void BytesComeOutInOrder()
    {
        (ulong reader, ulong writer) = MakePipe();
        Assert.Equal((3UL, 4UL), (reader, writer));
        Assert.Equal(3, Write(writer, "abc"));
        Assert.Equal(2, Write(writer, "de"));
        Assert.Equal(4, _h.Call(0, reader, Buffer + 100, 4));
        Assert.Equal("abcd", Encoding.ASCII.GetString(_h.Peek(Buffer + 100, 4)));
        Assert.Equal(1, _h.Call(0, reader, Buffer + 100, 10));
        Assert.Equal(-Errno.EBADF, _h.Call(1, reader, Buffer, 1));
        Assert.Equal(-Errno.EBADF, _h.Call(0, writer, Buffer, 1));
        Assert.Equal(-Errno.ESPIPE, _h.Call(8, reader, 0, 0));
    }

    [Fact]
    public void AnEmptyPipeWaitsForTheWriter()
    {
        (ulong reader, ulong writer) = MakePipe();
        _h.OnBlock = () => Write(writer, "late");
        Assert.Equal(4, _h.Call(0, reader, Buffer + 100, 100));
        Assert.Equal(1, _h.Blocks);
        Assert.Equal("late", Encoding.ASCII.GetString(_h.Peek(Buffer + 100, 4)));
    }

    [Fact]
    public void EndOfFileWhenEveryWriterIsClosed()
    {
        (ulong reader, ulong writer) = MakePipe();
        ulong copy = (ulong)_h.Call(32, writer);
        Write(writer, "x");
        Assert.Equal(0, _h.Call(3, writer));
        Assert.Equal(1, _h.Call(0, reader, Buffer, 10));
        _h.OnBlock = () => _h.Call(3, copy);
        Assert.Equal(0, _h.Call(0, reader, Buffer, 10));
        Assert.Equal(0, _h.Call(0, reader, Buffer, 10));
    }

    [Fact]
    public void BrokenPipeWhenEveryReaderIsClosed()
    {
        // The harness's process is pid 1, init, which gets only the signals it handles: it sees EPIPE and goes on.
        Process* init = _h.Current;
        (ulong reader, ulong writer) = MakePipe();
        Assert.Equal(0, _h.Call(3, reader));
        Assert.Equal(-Errno.EPIPE, Write(writer, "lost"));
        Assert.Equal(ProcessState.Alive, init->State);

        // A child that ignores SIGPIPE sees EPIPE and goes on too.
        long pid = _h.Call(57);
        Process* child = ProcessTable.Find((int)pid);
        _h.Current = child;
        ulong action = Buffer + 0x800;
        _h.Poke(action, BitConverter.GetBytes(1UL)); // sa_handler = SIG_IGN
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalPipe, action, 0, 8));
        Assert.Equal(-Errno.EPIPE, Write(writer, "lost"));
        Assert.Equal(ProcessState.Alive, child->State);

        // By default SIGPIPE ends it, as on Linux, on its way out of the write.
        _h.Poke(action, BitConverter.GetBytes(0UL)); // SIG_DFL
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalPipe, action, 0, 8));
        Write(writer, "lost");
        Assert.Equal(ProcessState.Zombie, child->State);
        Assert.Equal(SyscallFlags.SignalPipe, child->WaitStatus);
    }

    [Fact]
    public void AFullPipeWaitsForTheReaderAndNonBlockingEndsDoNot()
    {
        (ulong reader, ulong writer) = MakePipe();
        ulong big = ProcessHarness.DataBase + 0x2000;
        _h.Poke(big, new byte[Pipe.Capacity]);
        Assert.Equal(Pipe.Capacity, _h.Call(1, writer, big, Pipe.Capacity));
        _h.OnBlock = () => _h.Call(0, reader, Buffer, 10);
        Assert.Equal(5, Write(writer, "12345"));
        Assert.Equal(1, _h.Blocks);

        (ulong quietReader, ulong quietWriter) = MakePipe(SyscallFlags.NonBlock);
        Assert.Equal(-Errno.EAGAIN, _h.Call(0, quietReader, Buffer, 10));
        _h.Poke(big, new byte[Pipe.Capacity]);
        Assert.Equal(Pipe.Capacity, _h.Call(1, quietWriter, big, Pipe.Capacity));
        Assert.Equal(-Errno.EAGAIN, Write(quietWriter, "x"));
    }

    [Fact]
    public void ASignalStopsTheWait()
    {
        (ulong reader, _) = MakePipe();
        Process* process = _h.Current;
        _h.OnBlock = () => process->PendingSignal = SyscallFlags.SignalInterrupt;
        Assert.Equal(-Errno.EINTR, _h.Call(0, reader, Buffer, 10));
        Assert.Equal(1, _h.ThreadExits); // the dispatcher ended the process on its way out
        Assert.Equal(ProcessState.Zombie, process->State);
        Assert.Equal(SyscallFlags.SignalInterrupt, process->WaitStatus);
    }

    [Fact]
    public void ClosingBothEndsGivesTheBufferBack()
    {
        int blocks = TestHeap.LiveBlocks;
        (ulong reader, ulong writer) = MakePipe(SyscallFlags.CloseOnExec);
        Assert.Equal(1, _h.Call(72, reader, 1));
        Assert.Equal(1, OpenFileTable.PipesInUse());
        Assert.Equal(blocks + 1, TestHeap.LiveBlocks);
        _h.Call(3, reader);
        _h.Call(3, writer);
        Assert.Equal(0, OpenFileTable.PipesInUse());
        Assert.Equal(blocks, TestHeap.LiveBlocks);
    }

    [Fact]
    public void Pipe2RefusesUnknownFlagsAndBadPointers()
    {
        Assert.Equal(-Errno.EINVAL, _h.Call(293, Fds, 1));
        Assert.Equal(-Errno.EFAULT, _h.Call(22, 0xFFFF_8000_0000_0000));
        Assert.Equal(-Errno.EFAULT, _h.Call(22, 0x5000_0000));
        Assert.Equal(0, OpenFileTable.PipesInUse());
        Assert.Equal(1, OpenFileTable.CountInUse()); // the console's description only: nothing leaked
    }

    [Fact]
    public void PipesRunOut()
    {
        for (int i = 0; i < 4; i++)
        {
            MakePipe();
        }

        Assert.Equal(-Errno.ENFILE, _h.Call(22, Fds));
    }
}
