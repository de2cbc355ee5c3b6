// The small system calls: ids, getgroups, uname, arch_prctl, set_tid_address, the clocks and sleeps, sched_yield, getrandom,
// the signal calls' argument checks (delivery: Processes/SignalDeliveryTests.cs), and ENOSYS for every other number, reported once on the console.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Linq;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class MiscSyscallTests : IDisposable
{
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;
    private readonly ProcessHarness _h = new ProcessHarness();

    public MiscSyscallTests() => _h.StartProcess("misc");

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Ids()
    {
        Process* parent = _h.Current;
        Assert.Equal(parent->Id, _h.Call(39));
        Assert.Equal(0, _h.Call(110));
        Assert.Equal(parent->Id, _h.Call(186));
        long child = _h.Call(57);
        _h.Current = ProcessTable.Find((int)child);
        Assert.Equal(child, _h.Call(39));
        Assert.Equal(parent->Id, _h.Call(110));
        foreach (int number in new[] { 102, 104, 107, 108 })
        {
            Assert.Equal(0, _h.Call(number));
        }
    }

    [Fact]
    public void GetgroupsReportsNoSupplementaryGroups()
    {
        _h.Poke(Buffer, new byte[] { 7, 7, 7, 7 });
        Assert.Equal(0, _h.Call(115, 0, 0));
        Assert.Equal(0, _h.Call(115, 4, Buffer));
        Assert.Equal(new byte[] { 7, 7, 7, 7 }, _h.Peek(Buffer, 4));
        Assert.Equal(0, _h.Call(115, 16, 0xFFFF_8000_0000_0000));
        Assert.Equal(-Errno.EINVAL, _h.Call(115, unchecked((ulong)-1L), Buffer));
        Assert.Equal(-Errno.EINVAL, _h.Call(115, 0x8000_0000, Buffer));
        Assert.Equal(0, _h.Call(115, 0x1_0000_0000, Buffer));
    }

    [Fact]
    public void Uname()
    {
        Assert.Equal(0, _h.Call(63, Buffer));
        string Field(int index) => Encoding.ASCII.GetString(_h.Peek(Buffer + (ulong)(65 * index), 65)).Split('\0')[0];
        Assert.Equal("MeghaOS", Field(0));
        Assert.Equal("x86_64", Field(4));
        Assert.Equal(-Errno.EFAULT, _h.Call(63, 0xFFFF_8000_0000_0000));
        Assert.Equal(-Errno.EFAULT, _h.Call(63, ProcessHarness.DataBase + ProcessHarness.DataPages * 4096 - 100));
        Assert.Equal(new byte[100], _h.Peek(ProcessHarness.DataBase + ProcessHarness.DataPages * 4096 - 100, 100));
    }

    [Fact]
    public void ArchPrctlSetsTheFsBase()
    {
        Assert.Equal(0, _h.Call(158, SyscallFlags.ArchSetFs, 0x7000_1234));
        Assert.Equal(0x7000_1234UL, _h.Registers.FsBase);
        Assert.Equal(-Errno.EPERM, _h.Call(158, SyscallFlags.ArchSetFs, 0xFFFF_8000_0000_0000));
        Assert.Equal(-Errno.EINVAL, _h.Call(158, 0x9999, 0));
        Assert.Equal(0, _h.Call(158, SyscallFlags.ArchGetFs, Buffer));
    }

    [Fact]
    public void SetTidAddressReturnsTheThreadId()
    {
        Assert.Equal(_h.Current->Id, _h.Call(218, Buffer));
        Assert.Equal(Buffer, _h.Current->ClearChildTid);
    }

    [Fact]
    public void ClocksReadTheUptime()
    {
        _h.Now = 5_250_000_123;
        Assert.Equal(0, _h.Call(228, 1, Buffer));
        Assert.Equal(5UL, _h.PeekUInt64(Buffer));
        Assert.Equal(250_000_123UL, _h.PeekUInt64(Buffer + 8));
        Assert.Equal(0, _h.Call(228, 0, Buffer));
        Assert.Equal(-Errno.EINVAL, _h.Call(228, 99, Buffer));
        Assert.Equal(-Errno.EFAULT, _h.Call(228, 1, 0x10));
    }

    [Fact]
    public void SleepsWaitForTheTime()
    {
        ulong start = _h.Now;
        _h.Poke(Buffer, BitConverter.GetBytes(2L).Concat(BitConverter.GetBytes(500L)).ToArray());
        Assert.Equal(0, _h.Call(35, Buffer, 0));
        Assert.Equal(start + 2_000_000_500, _h.Now);
        Assert.Equal(0, _h.Call(230, 1, 0, Buffer, 0));
        Assert.Equal(start + 4_000_001_000, _h.Now);
        _h.Poke(Buffer, BitConverter.GetBytes(1L).Concat(BitConverter.GetBytes(0L)).ToArray());
        Assert.Equal(0, _h.Call(230, 1, 1, Buffer, 0)); // absolute time in the past: no wait
        Assert.Equal(start + 4_000_001_000, _h.Now);
        _h.Poke(Buffer, BitConverter.GetBytes(0L).Concat(BitConverter.GetBytes(1_000_000_000L)).ToArray());
        Assert.Equal(-Errno.EINVAL, _h.Call(35, Buffer, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(35, 0xFFFF_8000_0000_0000, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(230, 1, 2, Buffer, 0));
    }

    [Fact]
    public void SchedYieldGivesUpTheCpu()
    {
        Assert.Equal(0, _h.Call(24));
        Assert.Equal(1, _h.Yields);
    }

    [Fact]
    public void GetrandomFillsTheBuffer()
    {
        Assert.Equal(64, _h.Call(318, Buffer, 64, 0));
        byte[] first = _h.Peek(Buffer, 64);
        Assert.True(first.Distinct().Count() > 16);
        Assert.Equal(64, _h.Call(318, Buffer, 64, 1));
        Assert.NotEqual(first, _h.Peek(Buffer, 64));
        Assert.Equal(SysGetrandom.MaxBytes, _h.Call(318, Buffer, 1UL << 40, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(318, Buffer, 4, 0x100));
        Assert.Equal(-Errno.EFAULT, _h.Call(318, 0xFFFF_8000_0000_0000, 4, 0));
    }

    [Fact]
    public void SignalCallsAreAccepted()
    {
        _h.Poke(Buffer, BitConverter.GetBytes(0x401000UL));
        Assert.Equal(0, _h.Call(13, 2, Buffer, Buffer + 64, 8));
        Assert.Equal(0, _h.Call(13, 2, 0, Buffer + 64, 8));
        Assert.Equal(0x401000UL, _h.PeekUInt64(Buffer + 64)); // the old action comes back whole (SignalDeliveryTests)
        Assert.Equal(-Errno.EINVAL, _h.Call(13, SyscallFlags.SignalKill, Buffer, 0, 8));
        Assert.Equal(-Errno.EINVAL, _h.Call(13, 0, Buffer, 0, 8));
        Assert.Equal(-Errno.EINVAL, _h.Call(13, 2, Buffer, 0, 16));
        Assert.Equal(-Errno.EFAULT, _h.Call(13, 2, 0xFFFF_8000_0000_0000, 0, 8));
        Assert.Equal(0, _h.Call(14, 0, Buffer, Buffer + 64, 8));
        Assert.Equal(-Errno.EINVAL, _h.Call(14, 3, Buffer, 0, 8));
        Assert.Equal(-Errno.EFAULT, _h.Call(14, 0, 0x10, 0, 8));
    }

    [Fact]
    public void UnknownNumbersGiveEnosysAndAreReportedOnce()
    {
        CapturingTerminal.Take();
        Assert.Equal(-Errno.ENOSYS, _h.Call(999));
        Assert.Equal(-Errno.ENOSYS, _h.Call(999));
        Assert.Equal(-Errno.ENOSYS, _h.Call(1000));
        Assert.Equal(-Errno.ENOSYS, _h.Call(88)); // symlink
        Assert.Equal(-Errno.ENOSYS, _h.Call(88));
        Assert.Equal(-Errno.ENOSYS, _h.Call(-1));
        string[] lines = CapturingTerminal.Take().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("syscall: unsupported system call 999 from pid 1 (misc)", lines[0]);
        Assert.StartsWith("syscall: unsupported system call 88 from pid 1 (misc): ENOSYS", lines[1]);
        Assert.Equal(6UL, SyscallDispatcher.Calls);
    }
}
