// poll (7) and ppoll (271) from a process on the host: the readiness each kind of descriptor reports (console, both
// pipe ends, a file, a closed or negative descriptor), hang-up and error reported unasked, a wait woken by a writer
// (the fake's OnBlock plays it), a pending signal (EINTR), timeouts on the fake clock, and each errno.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class PollSyscallTests : IDisposable
{
    private const ulong Fds = ProcessHarness.DataBase;
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;
    private const ulong Table = ProcessHarness.DataBase + 0x2000;
    private const ulong Timeout = ProcessHarness.DataBase + 0x3000;
    private const ulong Mask = ProcessHarness.DataBase + 0x3100;
    private const ulong Infinite = unchecked((ulong)-1L);

    private readonly ProcessHarness _h = new ProcessHarness();

    public PollSyscallTests()
    {
        _h.StartProcess("poller");
        ConsoleLineDiscipline.Reset();
    }

    public void Dispose()
    {
        ConsoleLineDiscipline.Reset();
        _h.Dispose();
    }

    private (ulong Reader, ulong Writer) MakePipe()
    {
        Assert.Equal(0, _h.Call(22, Fds));
        return ((ulong)_h.PeekInt32(Fds), (ulong)_h.PeekInt32(Fds + 4));
    }

    private long Write(ulong fd, byte[] bytes)
    {
        _h.Poke(Buffer, bytes);
        return _h.Call(1, fd, Buffer, (ulong)bytes.Length);
    }

    // Writes the pollfd array (revents set to garbage, which the call must overwrite) and returns its count.
    private ulong Entries(params (long Fd, short Events)[] entries)
    {
        byte[] bytes = new byte[entries.Length * 8];
        for (int i = 0; i < entries.Length; i++)
        {
            BitConverter.GetBytes((int)entries[i].Fd).CopyTo(bytes, i * 8);
            BitConverter.GetBytes(entries[i].Events).CopyTo(bytes, i * 8 + 4);
            BitConverter.GetBytes((short)0x7777).CopyTo(bytes, i * 8 + 6);
        }

        _h.Poke(Table, bytes);
        return (ulong)entries.Length;
    }

    private short Revents(int index) => BitConverter.ToInt16(_h.Peek(Table + (ulong)(index * 8) + 6, 2));

    private long PollNow(ulong count) => _h.Call(7, Table, count, 0);

    private void PutTimespec(long seconds, long nanoseconds)
    {
        byte[] bytes = new byte[16];
        BitConverter.GetBytes(seconds).CopyTo(bytes, 0);
        BitConverter.GetBytes(nanoseconds).CopyTo(bytes, 8);
        _h.Poke(Timeout, bytes);
    }

    private (long Seconds, long Nanoseconds) Timespec() =>
        ((long)_h.PeekUInt64(Timeout), (long)_h.PeekUInt64(Timeout + 8));

    [Fact]
    public void EachKindOfDescriptorReportsItsReadiness()
    {
        (ulong reader, ulong writer) = MakePipe();
        long file = _h.Call(2, _h.PutString(Buffer, "/polled"), SyscallFlags.ReadWrite | SyscallFlags.Create);
        const short InOut = Poll.In | Poll.Out;
        ulong count = Entries(((long)reader, InOut), ((long)writer, InOut), (0, InOut), (1, Poll.Out), (file, InOut), (-1, InOut),
            (40, Poll.In), (file, Poll.ReadNormal | Poll.WriteNormal | Poll.Priority), (1, 0));
        Assert.Equal(6, PollNow(count));
        Assert.Equal(0, Revents(0));
        Assert.Equal(Poll.Out, Revents(1));
        Assert.Equal(Poll.Out, Revents(2));
        Assert.Equal(Poll.Out, Revents(3));
        Assert.Equal(InOut, Revents(4));
        Assert.Equal(0, Revents(5));
        Assert.Equal(Poll.Invalid, Revents(6));
        Assert.Equal(Poll.ReadNormal | Poll.WriteNormal, Revents(7));
        Assert.Equal(0, Revents(8));

        Assert.Equal(1, Write(writer, new byte[] { 1 }));
        foreach (byte typed in "x\n"u8.ToArray())
        {
            ConsoleLineDiscipline.Receive(typed);
        }

        count = Entries(((long)reader, Poll.In | Poll.ReadNormal), (0, Poll.In));
        Assert.Equal(2, PollNow(count));
        Assert.Equal(Poll.In | Poll.ReadNormal, Revents(0));
        Assert.Equal(Poll.In, Revents(1));
    }

    [Fact]
    public void AFullPipeIsNotWritable()
    {
        (_, ulong writer) = MakePipe();
        Assert.Equal(Pipe.Capacity, Write(writer, new byte[Pipe.Capacity]));
        Assert.Equal(0, PollNow(Entries(((long)writer, Poll.Out))));
        Assert.Equal(0, Revents(0));
    }

    [Fact]
    public void HangUpAndErrorAreReportedUnasked()
    {
        (ulong reader, ulong writer) = MakePipe();
        Assert.Equal(1, Write(writer, new byte[] { 1 }));
        Assert.Equal(0, _h.Call(3, writer));
        Assert.Equal(1, PollNow(Entries(((long)reader, Poll.In))));
        Assert.Equal(Poll.In | Poll.HangUp, Revents(0));
        Assert.Equal(1, _h.Call(0, reader, Buffer, 10));
        Assert.Equal(1, PollNow(Entries(((long)reader, 0))));
        Assert.Equal(Poll.HangUp, Revents(0));

        (ulong reader2, ulong writer2) = MakePipe();
        Assert.Equal(0, _h.Call(3, reader2));
        Assert.Equal(2, PollNow(Entries(((long)writer2, Poll.Out), ((long)writer2, 0))));
        Assert.Equal(Poll.Out | Poll.Error, Revents(0));
        Assert.Equal(Poll.Error, Revents(1));
    }

    [Fact]
    public void AnEndlessWaitEndsWhenAWriterWrites()
    {
        (ulong reader, ulong writer) = MakePipe();
        _h.OnBlock = () => Write(writer, new byte[] { 7 });
        Assert.Equal(1, _h.Call(7, Table, Entries(((long)reader, Poll.In)), Infinite));
        Assert.Equal(1, _h.Blocks);
        Assert.Equal(Poll.In, Revents(0));

        // A wait with a timeout is woken the same way, before its deadline.
        ulong start = _h.Now;
        Assert.Equal(1, _h.Call(0, reader, Buffer, 10));
        _h.OnBlock = () => Write(writer, new byte[] { 8 });
        Assert.Equal(1, _h.Call(7, Table, Entries(((long)reader, Poll.In)), 5000));
        Assert.Equal(start, _h.Now);
    }

    [Fact]
    public void APositiveTimeoutEndsAfterItsTime()
    {
        (ulong reader, _) = MakePipe();
        ulong start = _h.Now;
        Assert.Equal(0, _h.Call(7, Table, Entries(((long)reader, Poll.In)), 250));
        Assert.Equal(0, Revents(0));
        Assert.Equal(start + 250_000_000UL, _h.Now);
        Assert.Equal(1, _h.Blocks);
    }

    [Fact]
    public void ASignalEndsTheWaitWithEintr()
    {
        (ulong reader, _) = MakePipe();
        Process* process = _h.Current;
        _h.OnBlock = () => process->PendingSignal = SyscallFlags.SignalInterrupt;
        ulong count = Entries(((long)reader, Poll.In));
        Assert.Equal(-Errno.EINTR, _h.Call(7, Table, count, Infinite));
        Assert.Equal(1, _h.Blocks);
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal(0, _h.Call(7, 0, 0, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(7, Table, (ulong)Poll.MaxEntries + 1, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(7, Table, Infinite, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(7, 0xFFFF_8000_0000_0000, 1, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(7, 0x7000_0000, 1, 0));
        Entries((1, Poll.Out));
        Assert.Equal(1, _h.Call(7, Table, (ulong)Poll.MaxEntries, 0));
    }

    [Fact]
    public void PpollTakesATimespecAndWritesBackTheTimeLeft()
    {
        (ulong reader, ulong writer) = MakePipe();
        ulong count = Entries(((long)reader, Poll.In));
        PutTimespec(0, 0);
        Assert.Equal(0, _h.Call(271, Table, count, Timeout, 0, 0));
        Assert.Equal((0L, 0L), Timespec());

        ulong start = _h.Now;
        PutTimespec(1, 500_000_000);
        Assert.Equal(0, _h.Call(271, Table, count, Timeout, 0, 0));
        Assert.Equal(start + 1_500_000_000UL, _h.Now);
        Assert.Equal((0L, 0L), Timespec());

        PutTimespec(5, 0);
        _h.OnBlock = () => Write(writer, new byte[] { 1 });
        Assert.Equal(1, _h.Call(271, Table, count, Timeout, Mask, SysPpoll.SignalSetBytes));
        Assert.Equal((5L, 0L), Timespec());
        Assert.Equal(Poll.In, Revents(0));

        Assert.Equal(1, _h.Call(271, Table, count, 0, 0, 0));
    }

    [Fact]
    public void PpollErrorsInLinuxOrder()
    {
        (ulong reader, _) = MakePipe();
        ulong count = Entries(((long)reader, Poll.In));
        Assert.Equal(-Errno.EFAULT, _h.Call(271, Table, count, 0x7000_0000, 0, 0));
        PutTimespec(0, 1_000_000_000);
        Assert.Equal(-Errno.EINVAL, _h.Call(271, Table, count, Timeout, 0x7000_0000, SysPpoll.SignalSetBytes));
        PutTimespec(-1, 0);
        Assert.Equal(-Errno.EINVAL, _h.Call(271, Table, count, Timeout, 0, 0));
        PutTimespec(0, 0);
        Assert.Equal(-Errno.EINVAL, _h.Call(271, Table, count, Timeout, Mask, 4));
        Assert.Equal(-Errno.EFAULT, _h.Call(271, Table, count, Timeout, 0x7000_0000, SysPpoll.SignalSetBytes));
        Assert.Equal(-Errno.EINVAL, _h.Call(271, Table, (ulong)Poll.MaxEntries + 1, Timeout, Mask, SysPpoll.SignalSetBytes));
        Assert.Equal(-Errno.EFAULT, _h.Call(271, 0x7000_0000, 1, Timeout, 0, 0));
        Assert.Equal(0x7777, Revents(0));
    }
}
