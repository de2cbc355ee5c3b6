// utimensat (280) from a process on the host: the VFS keeps no times, so the call checks its arguments in Linux's
// order and changes nothing. These tests pin each errno (EFAULT, EINVAL for flags and tv_nsec, EBADF, ENOENT,
// ENOTDIR), the cases Linux accepts without looking further (both UTIME_OMIT), and that stat is unchanged afterwards.
namespace MeghaOS.Tests.Syscalls;

using System;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class UtimensatSyscallTests : IDisposable
{
    private const ulong PathAddress = ProcessHarness.DataBase;
    private const ulong TimesAddress = ProcessHarness.DataBase + 0x1000;
    private const ulong StatAddress = ProcessHarness.DataBase + 0x2000;
    private const ulong AtCwd = unchecked((ulong)SyscallFlags.AtCurrentDirectory);
    private const int WriteCreate = SyscallFlags.WriteOnly | SyscallFlags.Create;

    private readonly ProcessHarness _h = new ProcessHarness();

    public UtimensatSyscallTests()
    {
        _h.StartProcess("touch");
        Assert.Equal(3, _h.Call(2, _h.PutString(PathAddress, "/file"), WriteCreate));
    }

    public void Dispose() => _h.Dispose();

    private ulong Times(long accessSeconds, long accessNanoseconds, long modifySeconds, long modifyNanoseconds)
    {
        byte[] bytes = new byte[32];
        BitConverter.GetBytes(accessSeconds).CopyTo(bytes, 0);
        BitConverter.GetBytes(accessNanoseconds).CopyTo(bytes, 8);
        BitConverter.GetBytes(modifySeconds).CopyTo(bytes, 16);
        BitConverter.GetBytes(modifyNanoseconds).CopyTo(bytes, 24);
        _h.Poke(TimesAddress, bytes);
        return TimesAddress;
    }

    private long Utimensat(ulong directoryFd, string? path, ulong times, ulong flags) =>
        _h.Call(280, directoryFd, path == null ? 0 : _h.PutString(PathAddress, path), times, flags);

    [Fact]
    public void ValidArgumentsOnExistingNodesSucceed()
    {
        Assert.Equal(0, _h.Call(4, _h.PutString(PathAddress, "/file"), StatAddress));
        byte[] before = _h.Peek(StatAddress, 144);
        Assert.Equal(0, Utimensat(AtCwd, "/file", 0, 0));
        Assert.Equal(0, Utimensat(AtCwd, "/file", Times(5, 0, 6, 999_999_999), 0));
        Assert.Equal(0, Utimensat(AtCwd, "/file", Times(-1, SysUtimensat.TimeNow, 0, SysUtimensat.TimeOmit), SyscallFlags.AtSymlinkNoFollow));
        Assert.Equal(0, Utimensat(AtCwd, "/dev", 0, 0));
        Assert.Equal(0, Utimensat(AtCwd, "/sys/processes", 0, 0));
        Assert.Equal(0, Utimensat(3, null, 0, 0));
        Assert.Equal(0, Utimensat(3, "", 0, SyscallFlags.AtEmptyPath));
        Assert.Equal(0, Utimensat(40, "/file", 0, 0));
        Assert.Equal(0, _h.Call(80, _h.PutString(PathAddress, "/dev")));
        Assert.Equal(0, Utimensat(AtCwd, "../file", 0, 0));
        Assert.Equal(0, _h.Call(4, _h.PutString(PathAddress, "/file"), StatAddress));
        Assert.Equal(before, _h.Peek(StatAddress, 144));
    }

    [Fact]
    public void BothOmittedReturnsBeforeThePathIsLookedAt()
    {
        ulong times = Times(0, SysUtimensat.TimeOmit, 0, SysUtimensat.TimeOmit);
        Assert.Equal(0, Utimensat(AtCwd, "/missing", times, 0));
        Assert.Equal(0, Utimensat(AtCwd, "/missing", times, 0x8000));
    }

    [Fact]
    public void EachErrorInLinuxOrder()
    {
        Assert.Equal(-Errno.EFAULT, Utimensat(AtCwd, "/missing", 0xFFFF_8000_0000_0000, 0x8000));
        Assert.Equal(-Errno.EFAULT, Utimensat(AtCwd, "/file", 0x7000_0000, 0));
        Assert.Equal(-Errno.EINVAL, Utimensat(AtCwd, "/missing", 0, 0x8000));
        Assert.Equal(-Errno.EINVAL, Utimensat(AtCwd, "/file", 0, 1));
        Assert.Equal(-Errno.EINVAL, Utimensat(3, null, 0, SyscallFlags.AtSymlinkNoFollow));
        Assert.Equal(-Errno.EBADF, Utimensat(40, null, 0, 0));
        Assert.Equal(-Errno.EBADF, Utimensat(40, "", 0, SyscallFlags.AtEmptyPath));
        Assert.Equal(-Errno.EFAULT, Utimensat(AtCwd, null, 0, 0));
        Assert.Equal(-Errno.ENOENT, Utimensat(AtCwd, "/missing", 0, 0));
        Assert.Equal(-Errno.ENOENT, Utimensat(AtCwd, "/missing", Times(0, -1, 0, 0), 0));
        Assert.Equal(-Errno.ENOENT, Utimensat(AtCwd, "", 0, 0));
        Assert.Equal(-Errno.ENOTDIR, Utimensat(AtCwd, "/file/x", 0, 0));
        Assert.Equal(-Errno.EINVAL, Utimensat(AtCwd, "/file", Times(0, -1, 0, 0), 0));
        Assert.Equal(-Errno.EINVAL, Utimensat(AtCwd, "/file", Times(0, 0, 0, 1_000_000_000), 0));
        Assert.Equal(-Errno.EINVAL, Utimensat(AtCwd, "/file", Times(0, SysUtimensat.TimeOmit, 0, SysUtimensat.TimeNow + 1), 0));
        Assert.Equal(-Errno.EINVAL, Utimensat(3, null, Times(0, 0, 0, -5), 0));
    }
}
