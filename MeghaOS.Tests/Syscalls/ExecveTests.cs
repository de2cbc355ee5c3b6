// execve with a fake loader (the ELF loader is tested on its own): the path, argv and envp are copied in with their
// limits and errors (EFAULT, E2BIG, ENOENT, EACCES, ENOEXEC), and on success the new space replaces the old one (whose
// frames go back), close-on-exec descriptors close, the name and the registers are the new program's. A failed
// execve leaves the old program as it was.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ExecveTests : IDisposable
{
    private const ulong PathAddress = ProcessHarness.DataBase;
    private const ulong Argv = ProcessHarness.DataBase + 0x400;
    private const ulong Envp = ProcessHarness.DataBase + 0x600;
    private const ulong Strings = ProcessHarness.DataBase + 0x1000;
    private const ulong Entry = 0x40_1000;
    private const ulong StackTop = 0x7FFF_0000;

    private static string s_file = "";
    private static string[] s_strings = Array.Empty<string>();
    private static int s_argc;
    private static ulong s_limit;

    private readonly ProcessHarness _h = new ProcessHarness();

    public ExecveTests()
    {
        _h.StartProcess("old");
        ProgramLoader.SetLoader(&FakeLoad);
        Install("/prog", "PROGRAM");
        Install("/bad", "BAD");
    }

    public void Dispose() => _h.Dispose();

    private static void Install(string path, string content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(Encoding.ASCII.GetBytes(path), VfsOpenMode.Write | VfsOpenMode.Create, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, Encoding.ASCII.GetBytes(content), out _));
    }

    // Makes a space with one stack page; refuses files that do not start with "PROGRAM".
    private static int FakeLoad(ReadOnlySpan<byte> file, in ExecArguments arguments, ulong frameLimit, out ExecImage image)
    {
        image = default;
        s_file = Encoding.ASCII.GetString(file);
        s_limit = frameLimit;
        var strings = new List<string>();
        int offset = 0;
        for (int i = 0; i < arguments.ArgumentCount + arguments.EnvironmentCount; i++)
        {
            strings.Add(Encoding.ASCII.GetString(arguments.Next(ref offset)));
        }

        s_strings = strings.ToArray();
        s_argc = arguments.ArgumentCount;
        if (!s_file.StartsWith("PROGRAM"))
        {
            return -Errno.ENOEXEC;
        }

        image.Space = FakeAddressSpace.New(frameLimit);
        FakeAddressSpace.MapForTest(image.Space, StackTop - 0x1000, 0x1000);
        image.Entry = Entry;
        image.StackPointer = StackTop - 64;
        image.BreakStart = 0x50_0123;
        return 0;
    }

    private ulong Pointers(ulong at, params string[] values)
    {
        var bytes = new List<byte>();
        ulong next = at == Argv ? Strings : Strings + 0x800;
        foreach (string value in values)
        {
            _h.PutString(next, value);
            bytes.AddRange(BitConverter.GetBytes(next));
            next += (ulong)value.Length + 1;
        }

        bytes.AddRange(BitConverter.GetBytes(0UL));
        _h.Poke(at, bytes.ToArray());
        return at;
    }

    [Fact]
    public void ReplacesTheProgram()
    {
        Process* process = _h.Current;
        ulong oldRoot = process->Space.Root;
        Assert.Equal(3, _h.Call(2, _h.PutString(PathAddress, "/prog"), SyscallFlags.CloseOnExec));
        Assert.Equal(4, _h.Call(2, _h.PutString(PathAddress, "/prog"), 0));
        _h.Call(12, ProcessHarness.BreakBase + 0x2000);
        int spaces = FakeAddressSpace.LiveSpaces;

        long result = _h.Call(59, _h.PutString(PathAddress, "/prog"), Pointers(Argv, "prog", "-x"), Pointers(Envp, "HOME=/"));
        Assert.Equal(0, result);
        Assert.Equal("PROGRAM", s_file);
        Assert.Equal(new[] { "prog", "-x", "HOME=/" }, s_strings);
        Assert.Equal(2, s_argc);
        Assert.Equal(ProcessTable.FrameLimit, s_limit);
        Assert.Equal(Entry, _h.Registers.Rip);
        Assert.Equal(StackTop - 64, _h.Registers.Rsp);
        Assert.Equal(0UL, _h.Registers.Rdi);
        Assert.Equal(0x202UL, _h.Registers.Rflags);
        Assert.NotEqual(oldRoot, process->Space.Root);
        Assert.Equal(process->Space, FakeAddressSpace.Active);
        Assert.Equal(process->Space.Root, _h.ThreadSpaces[process->ThreadId]);
        Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
        Assert.Empty(FakeAddressSpace.DestroyedWhileActive);
        Assert.Equal("prog", Encoding.ASCII.GetString(process->NameText));
        Assert.Equal(0x50_1000UL, (ulong)_h.Call(12, 0));
        Assert.Equal(0, process->Files[3]);
        Assert.NotEqual(0, process->Files[4]);
    }

    // Handlers belong to the old image: execve sets them back to SIG_DFL; ignored signals and the mask stay.
    [Fact]
    public void HandlersAreResetIgnoredSignalsAndTheMaskKept()
    {
        Process* process = _h.Current;
        process->SetAction(10, new SignalAction { Handler = 0x5000, Flags = SignalAction.FlagRestorer, Restorer = 0x6000 });
        process->SetAction(12, new SignalAction { Handler = SignalAction.Ignore });
        process->BlockedSignals = 1UL << 1;
        Assert.Equal(0, _h.Call(59, _h.PutString(PathAddress, "/prog"), 0, 0));
        Assert.False(process->Handles(10));
        Assert.Equal(0UL, process->Action(10).Handler);
        Assert.True(process->Ignores(12));
        Assert.Equal(1UL << 1, process->BlockedSignals);
    }

    [Fact]
    public void NullArgvAndEnvpAreEmpty()
    {
        Assert.Equal(0, _h.Call(59, _h.PutString(PathAddress, "prog"), 0, 0));
        Assert.Empty(s_strings);
    }

    [Fact]
    public void ErrorsLeaveTheOldProgram()
    {
        Process* process = _h.Current;
        ulong root = process->Space.Root;
        byte[] pab = ProcessHarness.Pab;
        int heapBlocks = TestHeap.LiveBlocks;
        Assert.Equal(-Errno.ENOENT, _h.Call(59, _h.PutString(PathAddress, "/nothing"), 0, 0));
        Assert.Equal(-Errno.ENOENT, _h.Call(59, _h.PutString(PathAddress, ""), 0, 0));
        Assert.Equal(-Errno.EACCES, _h.Call(59, _h.PutString(PathAddress, "/dev"), 0, 0));
        Assert.Equal(-Errno.EACCES, _h.Call(59, _h.PutString(PathAddress, "/dev/zero"), 0, 0));
        Assert.Equal(-Errno.ENOEXEC, _h.Call(59, _h.PutString(PathAddress, "/sys/processes"), 0, 0)); // sysfs text, not a program
        Assert.Equal(-Errno.ENOEXEC, _h.Call(59, _h.PutString(PathAddress, "/bad"), 0, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(59, 0xFFFF_8000_0000_0000, 0, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(59, _h.PutString(PathAddress, "/prog"), 0x7000_0000, 0));
        _h.Poke(Argv, BitConverter.GetBytes(0xFFFF_8000_0000_0000UL));
        Assert.Equal(-Errno.EFAULT, _h.Call(59, _h.PutString(PathAddress, "/prog"), Argv, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(59, _h.PutString(PathAddress, "/prog"), Pointers(Argv, "a"), 0x10));
        Assert.Equal(root, process->Space.Root);
        Assert.Equal("old", Encoding.ASCII.GetString(process->NameText));
        Assert.Equal(pab, ProcessHarness.Pab);
        Assert.Equal(heapBlocks, TestHeap.LiveBlocks);
    }

    [Fact]
    public void TooManyArgumentBytesGiveE2big()
    {
        // One 3000-byte string repeated: every pointer names the same string, so the process's memory stays small.
        string big = new string('a', 3000);
        _h.PutString(Strings, big);
        int count = ProgramLoader.MaxArgumentBytes / 3001 + 1;
        byte[] pointers = Enumerable.Range(0, count).SelectMany(_ => BitConverter.GetBytes(Strings)).Concat(new byte[8]).ToArray();
        _h.Poke(Argv, pointers);
        Assert.Equal(-Errno.E2BIG, _h.Call(59, _h.PutString(PathAddress, "/prog"), Argv, 0));

        // Many empty strings: the count limit.
        _h.PutString(Strings, "");
        byte[] many = Enumerable.Range(0, ProgramLoader.MaxStrings + 1).SelectMany(_ => BitConverter.GetBytes(Strings)).Concat(new byte[8]).ToArray();
        const ulong Table = 0x3000_0000;
        FakeAddressSpace.MapForTest(_h.Current->Space, Table, 0x10000);
        _h.Poke(Table, many);
        Assert.Equal(-Errno.E2BIG, _h.Call(59, _h.PutString(PathAddress, "/prog"), Table, 0));
    }

    [Fact]
    public void WithoutALoaderExecveGivesEnoexec()
    {
        ProgramLoader.SetLoader(null);
        Assert.Equal(-Errno.ENOEXEC, _h.Call(59, _h.PutString(PathAddress, "/prog"), 0, 0));
    }

    [Fact]
    public void TheKernelStartsAProgramFromAPath()
    {
        byte[] strings = Encoding.ASCII.GetBytes("init\0");
        fixed (byte* bytes = strings)
        {
            ExecArguments arguments = default;
            arguments.Strings = bytes;
            arguments.Length = strings.Length;
            arguments.ArgumentCount = 1;
            int pid = ProgramLoader.Start("/prog"u8, arguments);
            Assert.True(pid > 0);
            Process* process = ProcessTable.Find(pid);
            Assert.Equal("prog", Encoding.ASCII.GetString(process->NameText));
            Assert.Equal(pid, ProcessTable.ForegroundId);
            Assert.Equal(Entry, _h.Threads.Last().Registers.Rip);
            Assert.Equal(new[] { "init" }, s_strings);
            Assert.Equal(-Errno.ENOENT, ProgramLoader.Start("/none"u8, arguments));
            int spaces = FakeAddressSpace.LiveSpaces;
            _h.FailThreads = true;
            Assert.Equal(-Errno.EAGAIN, ProgramLoader.Start("/prog"u8, arguments));
            Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
        }
    }

    [Fact]
    public void BaseNames()
    {
        Assert.Equal("sh", Encoding.ASCII.GetString(ProgramLoader.BaseName("/bin/sh"u8)));
        Assert.Equal("sh", Encoding.ASCII.GetString(ProgramLoader.BaseName("sh"u8)));
        Assert.Equal("bin", Encoding.ASCII.GetString(ProgramLoader.BaseName("/bin/"u8)));
    }
}
