// brk, mmap, munmap and mprotect: memory comes and goes in whole pages, the per-process frame limit gives ENOMEM
// (never a hang), and every refused request leaves the PAB as it was.
namespace MeghaOS.Tests.Syscalls;

using System;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class MemorySyscallTests : IDisposable
{
    private const int Anonymous = SyscallFlags.MapAnonymous | SyscallFlags.MapPrivate;
    private readonly ProcessHarness _h = new ProcessHarness(frameLimit: 40);

    public MemorySyscallTests() => _h.StartProcess("memory");

    public void Dispose() => _h.Dispose();

    private ulong Frames => ProcessTable.Vm.FrameCount(ProcessTable.Vm.Context, _h.Current->Space);

    private PageAccess Access(ulong address) => ProcessTable.Vm.Query(ProcessTable.Vm.Context, _h.Current->Space, address);

    [Fact]
    public void BrkGrowsAndShrinksInPages()
    {
        ulong start = (ulong)_h.Call(12, 0);
        Assert.Equal(ProcessHarness.BreakBase, start);
        ulong frames = Frames;
        Assert.Equal(start + 10, (ulong)_h.Call(12, start + 10));
        Assert.Equal(frames + 1, Frames);
        Assert.Equal(start + 0x3000, (ulong)_h.Call(12, start + 0x3000));
        Assert.Equal(frames + 3, Frames);
        _h.Poke(start + 0x2FFF, new byte[] { 7 });
        Assert.Equal(start + 0x1000, (ulong)_h.Call(12, start + 0x1000));
        Assert.Equal(frames + 1, Frames);
        Assert.Equal(PageAccess.None, Access(start + 0x1000));
        Assert.Equal(start + 0x1000, (ulong)_h.Call(12, start - 1)); // below the start: unchanged
        Assert.Equal(start + 0x1000, (ulong)_h.Call(12, 0xFFFF_8000_0000_0000));
    }

    [Fact]
    public void BrkStopsAtTheFrameLimit()
    {
        ulong start = (ulong)_h.Call(12, 0);
        ulong end = start;
        while ((ulong)_h.Call(12, end + 0x1000) == end + 0x1000)
        {
            end += 0x1000;
        }

        Assert.Equal(40UL, Frames);
        byte[] pab = ProcessHarness.Pab;
        Assert.Equal(end, (ulong)_h.Call(12, end + 0x100000));
        Assert.Equal(pab, ProcessHarness.Pab);
    }

    [Fact]
    public void MmapGivesZeroedPagesWithTheAccessAsked()
    {
        long address = _h.Call(9, 0, 0x2000, SyscallFlags.ProtectionRead | SyscallFlags.ProtectionWrite, Anonymous, ulong.MaxValue, 0);
        Assert.Equal((long)MemoryLayout.MapBase, address);
        Assert.Equal(new byte[0x2000], _h.Peek((ulong)address, 0x2000));
        Assert.Equal(PageAccess.Read | PageAccess.Write, Access((ulong)address + 0x1000));
        long second = _h.Call(9, 0, 1, SyscallFlags.ProtectionRead, Anonymous, ulong.MaxValue, 0);
        Assert.True(second >= address + 0x3000, "regions overlap or touch");
        Assert.Equal(PageAccess.Read, Access((ulong)second));

        Assert.Equal(0, _h.Call(10, (ulong)second, 0x1000, SyscallFlags.ProtectionRead | SyscallFlags.ProtectionExecute));
        Assert.Equal(PageAccess.Read | PageAccess.Execute, Access((ulong)second));
        Assert.Equal(-Errno.ENOMEM, _h.Call(10, (ulong)second + 0x1000, 0x1000, SyscallFlags.ProtectionRead));
        Assert.Equal(-Errno.EINVAL, _h.Call(10, (ulong)second + 1, 0x1000, 1));

        ulong frames = Frames;
        Assert.Equal(0, _h.Call(11, (ulong)address, 0x2000));
        Assert.Equal(frames - 2, Frames);
        Assert.Equal(PageAccess.None, Access((ulong)address));
        Assert.Equal(0, _h.Call(11, (ulong)address, 0x2000)); // nothing there any more: still fine
        Assert.Equal(-Errno.EINVAL, _h.Call(11, (ulong)address + 1, 0x1000));
        Assert.Equal(-Errno.EINVAL, _h.Call(11, 0xFFFF_8000_0000_0000, 0x1000));
    }

    [Fact]
    public void MmapFixedReplacesWhatWasThere()
    {
        ulong fixedAddress = 0x2000_0000;
        Assert.Equal((long)fixedAddress, _h.Call(9, fixedAddress, 0x1000, 3, Anonymous | SyscallFlags.MapFixed, ulong.MaxValue, 0));
        _h.Poke(fixedAddress, new byte[] { 1, 2, 3 });
        Assert.Equal((long)fixedAddress, _h.Call(9, fixedAddress, 0x1000, 3, Anonymous | SyscallFlags.MapFixed, ulong.MaxValue, 0));
        Assert.Equal(new byte[3], _h.Peek(fixedAddress, 3));
        Assert.Equal(-Errno.EINVAL, _h.Call(9, 0xFFFF_8000_0000_0000, 0x1000, 3, Anonymous | SyscallFlags.MapFixed, ulong.MaxValue, 0));
    }

    [Fact]
    public void MmapRefusals()
    {
        Assert.Equal(-Errno.EINVAL, _h.Call(9, 0, 0, 3, Anonymous, ulong.MaxValue, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(9, 0, ulong.MaxValue, 3, Anonymous, ulong.MaxValue, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(9, 0, 0x1000, 3, SyscallFlags.MapAnonymous | SyscallFlags.MapShared, ulong.MaxValue, 0));
        Assert.Equal(-SysMmap.ENODEV, _h.Call(9, 0, 0x1000, 3, SyscallFlags.MapPrivate, 3, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(9, 0x1001, 0x1000, 3, Anonymous, ulong.MaxValue, 0));
    }

    [Fact]
    public void MmapUntilMemoryRunsOutGivesEnomem()
    {
        byte[] pab = ProcessHarness.Pab;
        int regions = 0;
        long result;
        while ((result = _h.Call(9, 0, 0x3000, 3, Anonymous, ulong.MaxValue, 0)) > 0)
        {
            regions++;
        }

        Assert.Equal(-Errno.ENOMEM, result);
        Assert.True(Frames <= 40);
        Assert.Equal(-Errno.ENOMEM, _h.Call(9, 0, 0x10_0000_0000, 3, Anonymous, ulong.MaxValue, 0));
        Assert.Equal((40 - 9) / 3, regions); // root + 8 data pages taken at start
        Assert.NotEqual(pab, ProcessHarness.Pab);
    }
}
