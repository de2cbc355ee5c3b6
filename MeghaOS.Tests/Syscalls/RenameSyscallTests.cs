// rename (82), renameat (264) and renameat2 (316) from a process on the host against the real VFS: what `mv` does
// (rename in place, into a directory, over a file), relative paths against the process's directory, the flags of
// renameat2, and each errno, where nothing changes.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class RenameSyscallTests : IDisposable
{
    private const ulong FromAddress = ProcessHarness.DataBase;
    private const ulong ToAddress = ProcessHarness.DataBase + 0x200;
    private const ulong AtCwd = unchecked((ulong)SyscallFlags.AtCurrentDirectory);

    private readonly ProcessHarness _h = new ProcessHarness();

    public RenameSyscallTests() => _h.StartProcess("mv");

    public void Dispose() => _h.Dispose();

    private static void WriteFile(string path, string content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(Encoding.ASCII.GetBytes(path), VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, Encoding.ASCII.GetBytes(content), out _));
    }

    private long Rename(string from, string to) =>
        _h.Call(82, _h.PutString(FromAddress, from), _h.PutString(ToAddress, to));

    private long Renameat2(string from, string to, ulong flags, ulong fromFd = AtCwd, ulong toFd = AtCwd) =>
        _h.Call(316, fromFd, _h.PutString(FromAddress, from), toFd, _h.PutString(ToAddress, to), flags);

    private static bool Exists(string path) => Vfs.Stat(Encoding.ASCII.GetBytes(path), out _) == VfsStatus.Success;

    [Fact]
    public void RenameMovesAndReplacesAsMvDoes()
    {
        WriteFile("/a", "alpha");
        Assert.Equal(0, Rename("/a", "/b"));
        Assert.False(Exists("/a"));
        Assert.Equal("alpha", KernelHarness.ReadText("/b"));

        Assert.Equal(0, _h.Call(83, _h.PutString(FromAddress, "/dir")));
        Assert.Equal(0, Rename("/b", "/dir/b"));
        Assert.Equal("alpha", KernelHarness.ReadText("/dir/b"));

        WriteFile("/c", "replacement");
        Assert.Equal(0, Rename("/c", "/dir/b"));
        Assert.Equal("replacement", KernelHarness.ReadText("/dir/b"));
        Assert.False(Exists("/c"));
    }

    [Fact]
    public void RelativePathsFollowTheProcessDirectory()
    {
        Assert.Equal(0, _h.Call(83, _h.PutString(FromAddress, "/work")));
        WriteFile("/work/x", "x");
        Assert.Equal(0, _h.Call(80, _h.PutString(FromAddress, "/work")));
        Assert.Equal(0, Rename("x", "y"));
        Assert.Equal("x", KernelHarness.ReadText("/work/y"));
        Assert.Equal(0, _h.Call(264, AtCwd, _h.PutString(FromAddress, "y"), AtCwd, _h.PutString(ToAddress, "../z")));
        Assert.Equal("x", KernelHarness.ReadText("/z"));
    }

    [Fact]
    public void Renameat2FlagsAndDescriptors()
    {
        WriteFile("/p", "p");
        WriteFile("/q", "q");
        Assert.Equal(-Errno.EEXIST, Renameat2("/p", "/q", SyscallFlags.RenameNoReplace));
        Assert.Equal(-Errno.EINVAL, Renameat2("/p", "/r", 2));
        Assert.Equal(-Errno.EINVAL, Renameat2("/p", "/r", 4));
        Assert.Equal(-Errno.EINVAL, Renameat2("/p", "/r", 0x100));
        Assert.Equal("p", KernelHarness.ReadText("/p"));
        Assert.Equal("q", KernelHarness.ReadText("/q"));
        Assert.Equal(0, Renameat2("/p", "/r", SyscallFlags.RenameNoReplace));
        Assert.Equal("p", KernelHarness.ReadText("/r"));
        Assert.Equal(0, Renameat2("/r", "/q", 0));
        Assert.Equal("p", KernelHarness.ReadText("/q"));

        Assert.Equal(-Errno.EBADF, Renameat2("q", "/s", 0, fromFd: 40));
        Assert.Equal(-Errno.EBADF, Renameat2("/q", "s", 0, toFd: 40));
        Assert.Equal(0, Renameat2("/q", "/s", 0, fromFd: 40, toFd: 40));
        Assert.Equal("p", KernelHarness.ReadText("/s"));
    }

    [Fact]
    public void ErrorsChangeNothing()
    {
        WriteFile("/f", "f");
        Assert.Equal(0, _h.Call(83, _h.PutString(FromAddress, "/d")));
        WriteFile("/d/inside", "i");
        Assert.Equal(0, _h.Call(83, _h.PutString(FromAddress, "/empty")));

        Assert.Equal(-Errno.ENOENT, Rename("/missing", "/g"));
        Assert.Equal(-Errno.ENOENT, Rename("", "/g"));
        Assert.Equal(-Errno.ENOENT, Rename("/f", ""));
        Assert.Equal(-Errno.ENOENT, Rename("/f", "/no/g"));
        Assert.Equal(-Errno.ENOTDIR, Rename("/f", "/f/g"));
        Assert.Equal(-Errno.EISDIR, Rename("/f", "/empty"));
        Assert.Equal(-Errno.ENOTDIR, Rename("/empty", "/f"));
        Assert.Equal(-Errno.ENOTEMPTY, Rename("/empty", "/d"));
        Assert.Equal(-Errno.EINVAL, Rename("/d", "/d/deeper"));
        Assert.Equal(-Errno.EXDEV, Rename("/f", "/dev/f"));
        Assert.Equal(-Errno.EXDEV, Rename("/dev/null", "/null"));
        Assert.Equal(-Errno.EPERM, Rename("/dev/null", "/dev/void"));
        Assert.Equal(-Errno.EPERM, Rename("/sys/processes", "/sys/p"));
        Assert.Equal(-Errno.EBUSY, Rename("/dev", "/devices"));
        Assert.Equal(-Errno.ENAMETOOLONG, Rename("/f", "/" + new string('n', 300)));
        Assert.Equal(-Errno.EFAULT, _h.Call(82, 0xFFFF_8000_0000_0000, _h.PutString(ToAddress, "/g")));
        Assert.Equal(-Errno.EFAULT, _h.Call(82, _h.PutString(FromAddress, "/f"), 0x7000_0000));

        Assert.Equal("f", KernelHarness.ReadText("/f"));
        Assert.Equal("i", KernelHarness.ReadText("/d/inside"));
        Assert.True(Exists("/empty"));
        Assert.False(Exists("/g"));
        Assert.True(Exists("/dev/null"));
    }
}
