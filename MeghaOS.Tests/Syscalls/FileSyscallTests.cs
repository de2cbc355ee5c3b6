// File system calls against the real VFS (ramfs, devfs, sysfs) from a process on the host: open/openat with their
// flags, read, write, lseek, pread64/pwrite64, readv/writev, fstat/newfstatat/stat, getdents64, getcwd/chdir,
// mkdir/rmdir/unlink/unlinkat, dup/dup2/dup3/fcntl, ioctl, each with its error paths.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class FileSyscallTests : IDisposable
{
    private const ulong PathAddress = ProcessHarness.DataBase;
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;
    private const ulong StatAddress = ProcessHarness.DataBase + 0x3000;
    private const int ReadOnlyFlag = 0;
    private const int WriteCreate = SyscallFlags.WriteOnly | SyscallFlags.Create;

    private readonly ProcessHarness _h = new ProcessHarness();

    public FileSyscallTests() => _h.StartProcess("files");

    public void Dispose() => _h.Dispose();

    private long Open(string path, int flags) => _h.Call(2, _h.PutString(PathAddress, path), (ulong)flags);

    private long Write(long fd, string text)
    {
        _h.Poke(Buffer, Encoding.ASCII.GetBytes(text));
        return _h.Call(1, (ulong)fd, Buffer, (ulong)text.Length);
    }

    private string Read(long fd, int count)
    {
        long read = _h.Call(0, (ulong)fd, Buffer, (ulong)count);
        Assert.True(read >= 0, "read failed: " + read);
        return Encoding.ASCII.GetString(_h.Peek(Buffer, (int)read));
    }

    [Fact]
    public void WriteToStandardOutputReachesTheConsole()
    {
        CapturingTerminal.Take();
        Assert.Equal(6, Write(1, "hello\n"));
        Assert.Equal("hello\n", CapturingTerminal.Take());
        Assert.Equal(3, Write(2, "err"));
        Assert.Equal("err", CapturingTerminal.Take());
    }

    [Fact]
    public void CreateWriteSeekReadClose()
    {
        long fd = Open("/notes", SyscallFlags.ReadWrite | SyscallFlags.Create);
        Assert.Equal(3, fd);
        Assert.Equal(11, Write(fd, "hello world"));
        Assert.Equal(0, _h.Call(8, (ulong)fd, 0, SyscallFlags.SeekSet));
        Assert.Equal("hello", Read(fd, 5));
        Assert.Equal(" world", Read(fd, 100));
        Assert.Equal("", Read(fd, 100));
        Assert.Equal(11, _h.Call(8, (ulong)fd, 0, SyscallFlags.SeekEnd));
        Assert.Equal(6, _h.Call(8, (ulong)fd, unchecked((ulong)-5L), SyscallFlags.SeekCurrent));
        Assert.Equal(-Errno.EINVAL, _h.Call(8, (ulong)fd, unchecked((ulong)-100L), SyscallFlags.SeekCurrent));
        Assert.Equal(-Errno.EINVAL, _h.Call(8, (ulong)fd, 0, 7));
        Assert.Equal(0, _h.Call(3, (ulong)fd));
        Assert.Equal(-Errno.EBADF, _h.Call(3, (ulong)fd));
        Assert.Equal("hello world", Encoding.ASCII.GetString(KernelHarness.ReadAll("/notes")));
    }

    [Fact]
    public void OpenErrors()
    {
        Assert.Equal(-Errno.ENOENT, Open("/missing", ReadOnlyFlag));
        Assert.Equal(-Errno.ENOENT, Open("/missing/file", WriteCreate));
        Assert.Equal(-Errno.ENOENT, Open("", ReadOnlyFlag));
        Assert.Equal(-Errno.EISDIR, Open("/dev", SyscallFlags.WriteOnly));
        Assert.Equal(-Errno.EINVAL, Open("/dev", 3));
        Assert.True(Open("/x", WriteCreate) >= 0);
        Assert.Equal(-Errno.EEXIST, Open("/x", WriteCreate | SyscallFlags.Exclusive));
        Assert.Equal(-Errno.ENOTDIR, Open("/x", SyscallFlags.Directory));
        Assert.Equal(-Errno.ENOTDIR, Open("/x/y", ReadOnlyFlag));
        Assert.Equal(-Errno.EROFS, Open("/sys/processes", SyscallFlags.WriteOnly));
        Assert.Equal(-Errno.ENAMETOOLONG, Open("/" + new string('a', 300), ReadOnlyFlag));
        Assert.Equal(-Errno.EFAULT, _h.Call(2, 0xFFFF_8000_0000_0000, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(2, 0x7000_0000, 0));
    }

    [Fact]
    public void OpenatWithCurrentDirectoryAndAbsolutePaths()
    {
        Assert.Equal(0, _h.Call(83, _h.PutString(PathAddress, "/d")));
        Assert.Equal(0, _h.Call(80, _h.PutString(PathAddress, "/d")));
        long fd = _h.Call(257, unchecked((ulong)SyscallFlags.AtCurrentDirectory), _h.PutString(PathAddress, "f"), (ulong)WriteCreate);
        Assert.True(fd >= 0);
        Assert.Equal(0, _h.Call(21, _h.PutString(PathAddress, "/d/f"), 0));
        long directory = Open("/d", ReadOnlyFlag);
        Assert.True(_h.Call(257, (ulong)directory, _h.PutString(PathAddress, "/d/f"), 0) >= 0);
        Assert.Equal(-Errno.EINVAL, _h.Call(257, (ulong)directory, _h.PutString(PathAddress, "f"), 0));
        Assert.Equal(-Errno.EBADF, _h.Call(257, 40, _h.PutString(PathAddress, "f"), 0));
    }

    [Fact]
    public void TruncateAndAppend()
    {
        long fd = Open("/log", WriteCreate);
        Write(fd, "abcdef");
        _h.Call(3, (ulong)fd);
        fd = Open("/log", SyscallFlags.WriteOnly | SyscallFlags.Append);
        Write(fd, "gh");
        Assert.Equal("abcdefgh", Encoding.ASCII.GetString(KernelHarness.ReadAll("/log")));
        fd = Open("/log", SyscallFlags.WriteOnly | SyscallFlags.Truncate);
        Write(fd, "z");
        Assert.Equal("z", Encoding.ASCII.GetString(KernelHarness.ReadAll("/log")));
        Assert.Equal(-Errno.EBADF, _h.Call(0, (ulong)fd, Buffer, 1));
        long reader = Open("/log", ReadOnlyFlag);
        Assert.Equal(-Errno.EBADF, Write(reader, "no"));
    }

    [Fact]
    public void ReadsDeviceAndSysFiles()
    {
        long fd = Open("/dev/zero", ReadOnlyFlag);
        _h.Poke(Buffer, new byte[] { 9, 9, 9, 9 });
        Assert.Equal(4, _h.Call(0, (ulong)fd, Buffer, 4));
        Assert.Equal(new byte[4], _h.Peek(Buffer, 4));
        fd = Open("/sys/processes", ReadOnlyFlag);
        string text = Read(fd, 2000);
        Assert.StartsWith("  PID  PPID STATE", text);
        Assert.Contains(" files\n", text);
    }

    [Fact]
    public void PreadAndPwriteLeaveTheOffset()
    {
        long fd = Open("/p", SyscallFlags.ReadWrite | SyscallFlags.Create);
        Write(fd, "0123456789");
        _h.Poke(Buffer, Encoding.ASCII.GetBytes("AB"));
        Assert.Equal(2, _h.Call(18, (ulong)fd, Buffer, 2, 3));
        Assert.Equal(3, _h.Call(17, (ulong)fd, Buffer, 3, 2));
        Assert.Equal("2AB", Encoding.ASCII.GetString(_h.Peek(Buffer, 3)));
        Assert.Equal(10, _h.Call(8, (ulong)fd, 0, SyscallFlags.SeekCurrent));
        Assert.Equal(-Errno.EINVAL, _h.Call(17, (ulong)fd, Buffer, 3, unchecked((ulong)-1L)));
        Assert.Equal(-Errno.ESPIPE, _h.Call(17, 0, Buffer, 3, 0));
        Assert.Equal(-Errno.EBADF, _h.Call(17, 50, Buffer, 3, 0));
    }

    [Fact]
    public void ReadvAndWritevGatherAndScatter()
    {
        long fd = Open("/v", SyscallFlags.ReadWrite | SyscallFlags.Create);
        ulong vectors = Buffer + 0x800;
        _h.Poke(Buffer, Encoding.ASCII.GetBytes("abcXYZ"));
        _h.Poke(vectors, Vectors((Buffer, 3), (Buffer, 0), (Buffer + 3, 3)));
        Assert.Equal(6, _h.Call(20, (ulong)fd, vectors, 3));
        Assert.Equal("abcXYZ", Encoding.ASCII.GetString(KernelHarness.ReadAll("/v")));
        _h.Call(8, (ulong)fd, 0, 0);
        _h.Poke(vectors, Vectors((Buffer + 100, 2), (Buffer + 200, 10)));
        Assert.Equal(6, _h.Call(19, (ulong)fd, vectors, 2));
        Assert.Equal("ab", Encoding.ASCII.GetString(_h.Peek(Buffer + 100, 2)));
        Assert.Equal("cXYZ", Encoding.ASCII.GetString(_h.Peek(Buffer + 200, 4)));
        Assert.Equal(-Errno.EINVAL, _h.Call(19, (ulong)fd, vectors, 5000));
        Assert.Equal(-Errno.EFAULT, _h.Call(19, (ulong)fd, 0x9000_0000, 1));
    }

    private static byte[] Vectors(params (ulong Address, ulong Length)[] vectors)
    {
        var bytes = new List<byte>();
        foreach ((ulong address, ulong length) in vectors)
        {
            bytes.AddRange(BitConverter.GetBytes(address));
            bytes.AddRange(BitConverter.GetBytes(length));
        }

        return bytes.ToArray();
    }

    [Fact]
    public void StatDescribesFilesDirectoriesDevicesAndTheConsole()
    {
        long fd = Open("/s", WriteCreate);
        Write(fd, "12345");
        Assert.Equal(0, _h.Call(5, (ulong)fd, StatAddress));
        Assert.Equal(0x81A4u, BitConverter.ToUInt32(_h.Peek(StatAddress + 24, 4)));
        Assert.Equal(5UL, _h.PeekUInt64(StatAddress + 48));
        Assert.Equal(0, _h.Call(4, _h.PutString(PathAddress, "/dev"), StatAddress));
        Assert.Equal(0x41EDu, BitConverter.ToUInt32(_h.Peek(StatAddress + 24, 4)));
        Assert.Equal(0, _h.Call(262, unchecked((ulong)SyscallFlags.AtCurrentDirectory), _h.PutString(PathAddress, "/dev/zero"), StatAddress, 0));
        Assert.Equal(0x2000u, BitConverter.ToUInt32(_h.Peek(StatAddress + 24, 4)) & 0xF000);
        Assert.Equal(0, _h.Call(262, 1, _h.PutString(PathAddress, ""), StatAddress, SyscallFlags.AtEmptyPath));
        Assert.Equal(0x2190u, BitConverter.ToUInt32(_h.Peek(StatAddress + 24, 4)));
        Assert.Equal(0, _h.Call(6, _h.PutString(PathAddress, "/s"), StatAddress));
        Assert.Equal(-Errno.ENOENT, _h.Call(4, _h.PutString(PathAddress, "/nope"), StatAddress));
        Assert.Equal(-Errno.EFAULT, _h.Call(5, (ulong)fd, 0xFFFF_FFFF_FFFF_F000));
        Assert.Equal(-Errno.EBADF, _h.Call(5, 63, StatAddress));
    }

    [Fact]
    public void GetdentsListsEveryEntryOnceThenEnds()
    {
        _h.Call(83, _h.PutString(PathAddress, "/dir"));
        foreach (string name in new[] { "a", "bb", "ccc" })
        {
            Assert.True(Open("/dir/" + name, WriteCreate) >= 0);
        }

        _h.Call(83, _h.PutString(PathAddress, "/dir/sub"));
        long fd = Open("/dir", SyscallFlags.Directory);
        var names = new List<string>();
        var types = new List<byte>();
        while (true)
        {
            long count = _h.Call(217, (ulong)fd, Buffer, 48);
            Assert.True(count >= 0);
            if (count == 0)
            {
                break;
            }

            byte[] records = _h.Peek(Buffer, (int)count);
            for (int offset = 0; offset < count;)
            {
                int length = BitConverter.ToUInt16(records, offset + 16);
                Assert.Equal(0, length % 8);
                types.Add(records[offset + 18]);
                int end = Array.IndexOf(records, (byte)0, offset + 19);
                names.Add(Encoding.ASCII.GetString(records, offset + 19, end - offset - 19));
                offset += length;
            }
        }

        Assert.Equal(new[] { "a", "bb", "ccc", "sub" }, names.ToArray());
        Assert.Equal(new byte[] { 8, 8, 8, 4 }, types.ToArray());
        Assert.Equal(-Errno.EINVAL, _h.Call(217, (ulong)Open("/dir", 0), Buffer, 8));
        Assert.Equal(-Errno.ENOTDIR, _h.Call(217, (ulong)Open("/dir/a", 0), Buffer, 100));
        Assert.Equal(-Errno.EFAULT, _h.Call(217, (ulong)Open("/dir", 0), 0xFFFF_8000_0000_0000, 100));
    }

    [Fact]
    public void GetcwdAndChdir()
    {
        Assert.Equal(2, _h.Call(79, Buffer, 100));
        Assert.Equal("/\0", Encoding.ASCII.GetString(_h.Peek(Buffer, 2)));
        Assert.Equal(0, _h.Call(80, _h.PutString(PathAddress, "/dev/../sys")));
        Assert.Equal(5, _h.Call(79, Buffer, 100));
        Assert.Equal("/sys\0", Encoding.ASCII.GetString(_h.Peek(Buffer, 5)));
        Assert.Equal(-Errno.ERANGE, _h.Call(79, Buffer, 4));
        Assert.Equal(-Errno.EFAULT, _h.Call(79, 0x10, 100));
        Assert.Equal(-Errno.ENOTDIR, _h.Call(80, _h.PutString(PathAddress, "/sys/processes")));
        Assert.Equal(-Errno.ENOENT, _h.Call(80, _h.PutString(PathAddress, "nothing")));
        Assert.True(Open("processes", ReadOnlyFlag) >= 0);
    }

    [Fact]
    public void MkdirRmdirUnlinkAndUnlinkat()
    {
        ulong path = _h.PutString(PathAddress, "/t");
        Assert.Equal(0, _h.Call(83, path));
        Assert.Equal(-Errno.EEXIST, _h.Call(83, path));
        Assert.True(Open("/t/f", WriteCreate) >= 0);
        Assert.Equal(-Errno.ENOTEMPTY, _h.Call(84, _h.PutString(PathAddress, "/t")));
        Assert.Equal(-Errno.EISDIR, _h.Call(87, _h.PutString(PathAddress, "/t")));
        Assert.Equal(-Errno.ENOTDIR, _h.Call(84, _h.PutString(PathAddress, "/t/f")));
        Assert.Equal(0, _h.Call(87, _h.PutString(PathAddress, "/t/f")));
        Assert.Equal(-Errno.ENOENT, _h.Call(87, _h.PutString(PathAddress, "/t/f")));
        Assert.Equal(0, _h.Call(263, unchecked((ulong)SyscallFlags.AtCurrentDirectory), _h.PutString(PathAddress, "/t"), SyscallFlags.AtRemoveDirectory));
        Assert.Equal(-Errno.ENOENT, _h.Call(4, _h.PutString(PathAddress, "/t"), StatAddress));
        Assert.Equal(-Errno.EINVAL, _h.Call(263, unchecked((ulong)SyscallFlags.AtCurrentDirectory), _h.PutString(PathAddress, "/x"), 1));
        Assert.Equal(-Errno.EROFS, _h.Call(87, _h.PutString(PathAddress, "/dev/zero")));
        Assert.Equal(-Errno.EBUSY, _h.Call(84, _h.PutString(PathAddress, "/dev")));
        Assert.Equal(0, _h.Call(258, unchecked((ulong)SyscallFlags.AtCurrentDirectory), _h.PutString(PathAddress, "/m")));
        Assert.Equal(-Errno.EFAULT, _h.Call(83, 0xFFFF_9000_0000_0000));
    }

    [Fact]
    public void DuplicatesShareTheOffset()
    {
        long fd = Open("/dup", SyscallFlags.ReadWrite | SyscallFlags.Create);
        Write(fd, "abcdef");
        _h.Call(8, (ulong)fd, 0, 0);
        long copy = _h.Call(32, (ulong)fd);
        Assert.Equal(fd + 1, copy);
        Assert.Equal("ab", Read(fd, 2));
        Assert.Equal("cd", Read(copy, 2));
        Assert.Equal(10, _h.Call(33, (ulong)fd, 10));
        Assert.Equal("ef", Read(10, 2));
        Assert.Equal(10, _h.Call(33, 10, 10));
        Assert.Equal(-Errno.EINVAL, _h.Call(292, 10, 10, 0));
        Assert.Equal(11, _h.Call(292, (ulong)fd, 11, SyscallFlags.CloseOnExec));
        Assert.Equal(1, _h.Call(72, 11, 1));
        Assert.Equal(0, _h.Call(72, 11, 2, 0));
        Assert.Equal(0, _h.Call(72, 11, 1));
        Assert.Equal(20, _h.Call(72, 11, 0, 20));
        Assert.Equal(21, _h.Call(72, 11, 1030, 20));
        Assert.Equal(1, _h.Call(72, 21, 1));
        Assert.Equal(SyscallFlags.ReadWrite | SyscallFlags.Create, _h.Call(72, 11, 3));
        Assert.Equal(0, _h.Call(72, 11, 4, SyscallFlags.Append));
        Assert.Equal(SyscallFlags.Append, _h.Call(72, (ulong)fd, 3) & SyscallFlags.Append);
        Assert.Equal(-Errno.EINVAL, _h.Call(72, 11, 99));
        Assert.Equal(-Errno.EBADF, _h.Call(32, 40));
        Assert.Equal(-Errno.EBADF, _h.Call(33, 40, 2));
        Assert.Equal(-Errno.EBADF, _h.Call(33, (ulong)fd, 64));

        // dup2 over the last descriptor of another file closes it; the file itself stays intact.
        long other = Open("/other", WriteCreate);
        Assert.Equal(other, _h.Call(33, (ulong)fd, (ulong)other));
        Assert.Equal("", Read(other, 10));
    }

    [Fact]
    public void DescriptorsRunOut()
    {
        long fd = Open("/many", WriteCreate);
        int made = 0;
        long result;
        while ((result = _h.Call(32, (ulong)fd)) >= 0)
        {
            made++;
        }

        Assert.Equal(-Errno.EMFILE, result);
        Assert.Equal(64 - 4, made);
    }

    [Fact]
    public void IoctlOnTheConsoleOnly()
    {
        Assert.Equal(0, _h.Call(16, 0, SyscallFlags.TerminalGetWindowSize, Buffer));
        Assert.Equal(25, BitConverter.ToUInt16(_h.Peek(Buffer, 2)));
        Assert.Equal(80, BitConverter.ToUInt16(_h.Peek(Buffer + 2, 2)));
        Assert.Equal(0, _h.Call(16, 1, SyscallFlags.TerminalGetAttributes, Buffer));
        Assert.NotEqual(0u, BitConverter.ToUInt32(_h.Peek(Buffer + 12, 4)) & 2); // ICANON
        Assert.Equal(-Errno.EINVAL, _h.Call(16, 1, 0x1234, Buffer));
        Assert.Equal(-Errno.EFAULT, _h.Call(16, 1, SyscallFlags.TerminalGetAttributes, 0xFFFF_8000_0000_0000));
        long fd = Open("/dev/zero", ReadOnlyFlag);
        Assert.Equal(-Errno.ENOTTY, _h.Call(16, (ulong)fd, SyscallFlags.TerminalGetWindowSize, Buffer));
        Assert.Equal(-Errno.EBADF, _h.Call(16, 30, SyscallFlags.TerminalGetWindowSize, Buffer));
    }

    [Fact]
    public void LseekOnTheConsoleIsIllegal()
    {
        Assert.Equal(-Errno.ESPIPE, _h.Call(8, 0, 0, 0));
    }
}
