// Every shell command's output and every error, on the host harness (fake PMM, capturing terminal).
namespace MeghaOS.Tests.Shell;

using System;
using System.Text.RegularExpressions;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Shell;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ShellCommandTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static string Run(string line) => KernelHarness.Run(line);

    [Theory]
    [InlineData("frobnicate", "unknown command: frobnicate (type help for the list)\n")]
    [InlineData("> x", "unknown command: > (type help for the list)\n")]
    [InlineData("echo \"open", "shell: unclosed quote\n")]
    [InlineData("ls a b", "ls: usage: ls [PATH]\n")]
    [InlineData("cd a b", "cd: usage: cd [PATH]\n")]
    [InlineData("pwd x", "pwd: usage: pwd\n")]
    [InlineData("cat", "cat: usage: cat FILE...\n")]
    [InlineData("hexdump", "hexdump: usage: hexdump FILE [OFFSET [LENGTH]]\n")]
    [InlineData("mkdir", "mkdir: usage: mkdir PATH...\n")]
    [InlineData("rm", "rm: usage: rm FILE...\n")]
    [InlineData("rmdir", "rmdir: usage: rmdir DIRECTORY...\n")]
    [InlineData("rm /nothing", "rm: /nothing: no such file or directory\n")]
    [InlineData("rm /dev", "rm: /dev: is a directory\n")]
    [InlineData("rm /dev/pab", "rm: /dev/pab: read-only file or filesystem\n")]
    [InlineData("rm /sys/pmm/stats", "rm: /sys/pmm/stats: read-only file or filesystem\n")]
    [InlineData("rmdir /dev/pab", "rmdir: /dev/pab: not a directory\n")]
    [InlineData("rmdir /dev", "rmdir: /dev: in use (the root, a mount point or the current directory)\n")]
    [InlineData("rmdir /", "rmdir: /: in use (the root, a mount point or the current directory)\n")]
    [InlineData("rmdir /sys/pmm", "rmdir: /sys/pmm: read-only file or filesystem\n")]
    [InlineData("stat", "stat: usage: stat PATH...\n")]
    [InlineData("mem x", "mem: usage: mem\n")]
    [InlineData("pmm", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n")]
    [InlineData("pmm alloc", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n")]
    [InlineData("pmm free 0x1000", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n")]
    [InlineData("pmm alloc ten", "pmm: not a number: ten (use decimal or 0x hexadecimal)\n")]
    [InlineData("pmm alloc 1 0xZ", "pmm: not a number: 0xZ (use decimal or 0x hexadecimal)\n")]
    [InlineData("pmm alloc 0", "pmm alloc: the frame count must not be 0\n")]
    [InlineData("pmm alloc 1 3", "pmm alloc: the alignment must be a power of two (in frames)\n")]
    [InlineData("pmm alloc 100000", "pmm alloc: out of memory (no free run of that size and alignment)\n")]
    [InlineData("pmm alloc-at 0x200000", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n")]
    [InlineData("pmm check now", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n")]
    [InlineData("pmm alloc-at 0x200000 0", "pmm alloc-at: the frame count must not be 0\n")]
    [InlineData("pmm alloc-at 0x1001 1", "pmm alloc-at: the address is not the start of a frame\n")]
    [InlineData("pmm alloc-at 0 1", "pmm alloc-at: the frames are reserved\n")]
    [InlineData("pmm alloc-at 0x10000000 1", "pmm alloc-at: the range is outside the managed memory\n")]
    [InlineData("pmm alloc-at x 1", "pmm: not a number: x (use decimal or 0x hexadecimal)\n")]
    [InlineData("pmm free 0x1001 1", "pmm free: the address is not the start of a frame\n")]
    [InlineData("pmm free 0 1", "pmm free: the frames are reserved\n")]
    [InlineData("pmm free 0x200000 1", "pmm free: the frames were never allocated\n")]
    [InlineData("pmm free 0x10000000 1", "pmm free: the range is outside the managed memory\n")]
    [InlineData("uptime", "uptime: no timer is active\n")]
    [InlineData("clear now", "clear: usage: clear\n")]
    [InlineData("reboot now", "reboot: usage: reboot\n")]
    [InlineData("halt now", "halt: usage: halt\n")]
    [InlineData("echo a > b c", "echo: usage: echo [WORD...] > FILE (one file after >)\n")]
    [InlineData("echo a >", "echo: usage: echo [WORD...] > FILE (one file after >)\n")]
    [InlineData("echo a >> f", "echo: usage: echo [WORD...] > FILE (one file after >)\n")]
    [InlineData("cat /nothing", "cat: /nothing: no such file or directory\n")]
    [InlineData("cat /dev", "cat: /dev: is a directory\n")]
    [InlineData("hexdump /sys", "hexdump: /sys: is a directory\n")]
    [InlineData("cd /dev/pab", "cd: /dev/pab: not a directory\n")]
    [InlineData("ls /nothing", "ls: /nothing: no such file or directory\n")]
    [InlineData("mkdir /dev/x", "mkdir: /dev/x: read-only file or filesystem\n")]
    [InlineData("mkdir /dev", "mkdir: /dev: file exists\n")]
    [InlineData("stat /nothing", "stat: /nothing: no such file or directory\n")]
    [InlineData("echo x > /dev/pab", "echo: /dev/pab: read-only file or filesystem\n")]
    [InlineData("echo x > /sys/pmm/stats", "echo: /sys/pmm/stats: read-only file or filesystem\n")]
    [InlineData("echo x > /dev", "echo: /dev: is a directory\n")]
    [InlineData("echo nonsense > /sys/pmm/implementation", "echo: /sys/pmm/implementation: invalid argument\n")]
    [InlineData("echo x > /no/such/file", "echo: /no/such/file: no such file or directory\n")]
    public void ErrorsAreOneLine(string line, string expected)
    {
        Assert.Equal(expected, Run(line));
    }

    [Fact]
    public void HexdumpStartsAtAnOffsetAndStopsAfterALength()
    {
        string output = KernelHarness.Run("hexdump /dev/zero 16 0x8");
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("00000010  00 00 00 00 00 00 00 00 ", lines[0]);
        Assert.EndsWith("|........|", lines[0]);
        Assert.Equal("00000018", lines[1]);
        Assert.Equal("hexdump: usage: hexdump FILE [OFFSET [LENGTH]]\n", KernelHarness.Run("hexdump /dev/zero x"));
    }

    [Fact]
    public void ErrorsShowUnprintableBytesAsQuestionMarks()
    {
        Assert.Equal("cat: /a?b: no such file or directory\n", Run("cat /a\x01" + "b"));
    }

    [Fact]
    public void EmptyLineDoesNothing()
    {
        Assert.Equal("", Run(""));
        Assert.Equal("", Run("   "));
    }

    [Fact]
    public void EchoPrintsAndWritesFiles()
    {
        Assert.Equal("hello  world\n", Run("echo hello \"\" world"));
        Assert.Equal("\n", Run("echo"));
        Assert.Equal("", Run("echo first > /note"));
        Assert.Equal("first\n", Run("cat /note"));
        Assert.Equal("", Run("echo second line>/note"));
        Assert.Equal("second line\n", Run("cat /note"));
        Assert.Equal("", Run("echo > /note"));
        Assert.Equal("\n", KernelHarness.ReadText("/note"));
        Assert.Equal("", Run("echo ignored > /dev/null"));
    }

    [Fact]
    public void MkdirCdPwdLs()
    {
        Assert.Equal("", Run("mkdir /home /home/me"));
        Assert.Equal("", Run("cd /home//me/."));
        Assert.Equal("/home/me\n", Run("pwd"));
        Assert.Equal("", Run("echo 12345 > file"));
        Assert.Equal("- rw          6 file\n", Run("ls"));
        Assert.Equal("", Run("cd .."));
        Assert.Equal("d rw          1 me/\n", Run("ls"));
        Assert.Equal("", Run("cd"));
        Assert.Equal("/\n", Run("pwd"));
        // Mount points show the filesystem mounted there, as stat does: devfs with 3 entries, sysfs with one per subsystem (the harness declares only pmm).
        Assert.Equal("d r-          3 dev/\nd rw          1 home/\nd r-          2 sys/\n", Run("ls /"));
        Assert.Equal("c r-        128 pab\nc rw          0 null\nc rw          0 zero\n", Run("ls /dev"));
        Assert.Equal("- rw          6 /home/me/file\n", Run("ls /home/me/file"));
        Assert.Equal("", Run("cd ../../.."));
        Assert.Equal("/\n", Run("pwd"));
    }

    [Fact]
    public void RmAndRmdirRemoveWhatTheyNameAndGiveTheMemoryBack()
    {
        ulong before = TestHeap.BytesInUse;
        Assert.Equal("", Run("mkdir /d /d/e"));
        Assert.Equal("", Run("echo one > /d/a"));
        Assert.Equal("", Run("echo two > /d/e/b"));
        Assert.Equal("rmdir: /d: directory not empty\n", Run("rmdir /d"));
        Assert.Equal("rm: /d/e: is a directory\n", Run("rm /d/e"));
        Assert.Equal("rmdir: /d/a: not a directory\n", Run("rmdir /d/a"));
        Assert.Equal("", Run("cd /d/e"));
        Assert.Equal("rmdir: /d/e: in use (the root, a mount point or the current directory)\n", Run("rmdir /d/e"));
        Assert.Equal("rmdir: /d: in use (the root, a mount point or the current directory)\n", Run("rmdir /d"));
        Assert.Equal("", Run("rm b"));
        Assert.Equal("", Run("cd /"));
        Assert.Equal("rm: /d/x: no such file or directory\n", Run("rm /d/a /d/x"));
        Assert.Equal("d rw          0 e/\n", Run("ls /d"));
        Assert.Equal("", Run("rmdir /d/e /d"));
        Assert.Equal("d r-          3 dev/\nd r-          2 sys/\n", Run("ls /"));
        Assert.Equal(before, TestHeap.BytesInUse);
        Assert.Equal("", Run("mkdir /d"));
        Assert.Equal("", Run("echo again > /d/a"));
        Assert.Equal("again\n", Run("cat /d/a"));
    }

    [Fact]
    public void StatPrintsKeyValueLines()
    {
        Assert.Equal("path /dev/pab\nkind device\nsize 128\naccess read-only\nformat frame-bitmap\n", Run("stat /dev/../dev/pab"));
        Assert.Equal("path /sys\nkind directory\nsize 2\naccess read-only\n", Run("stat /sys"));
        Run("echo abc > /f");
        Assert.Equal("path /f\nkind file\nsize 4\naccess read-write\n", Run("stat f"));
    }

    [Fact]
    public void CatShowsTextAsText()
    {
        Assert.Equal(CatalogText.PmmList(CatalogText.DefaultPmm), Run("cat /sys/pmm/implementation"));
        Run("echo one > /a");
        Run("echo two > /b");
        Assert.Equal("one\ntwo\n", Run("cat /a /nothing /b").Replace("cat: /nothing: no such file or directory\n", ""));
    }

    [Fact]
    public void CatShowsThePabAsHexRowsWithFrameNumbers()
    {
        string output = Run("cat /dev/pab");
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(128 / 16, lines.Length);
        byte[] pab = Pmm.Pab.ToArray();
        for (int row = 0; row < lines.Length; row++)
        {
            Match match = Regex.Match(lines[row], "^([0-9a-f]{8}) frame ([ 0-9]{9}):((?: [0-9a-f]{2}){16})$");
            Assert.True(match.Success, lines[row]);
            Assert.Equal(row * 16, Convert.ToInt32(match.Groups[1].Value, 16));
            Assert.Equal(row * 16 * 8, int.Parse(match.Groups[2].Value));
            string[] bytes = match.Groups[3].Value.Trim().Split(' ');
            for (int i = 0; i < 16; i++)
            {
                Assert.Equal(pab[row * 16 + i], Convert.ToByte(bytes[i], 16));
            }
        }

        Assert.StartsWith("00000000 frame         0: 01 00 00 00", lines[0]);
        Assert.Equal("00000010 frame       128: 00 00 00 80 ff ff ff ff ff ff ff ff ff ff ff ff", lines[1]);
    }

    [Fact]
    public void CatShowsOtherBinaryFilesAsHexRowsWithoutFrames()
    {
        Run("echo ab > /f");
        Assert.Equal(MeghaOS.FileSystem.VfsStatus.Success,
            MeghaOS.FileSystem.Vfs.Open("/f"u8, MeghaOS.FileSystem.VfsOpenMode.Write, out var file));
        MeghaOS.FileSystem.Vfs.Write(file, 3, new byte[] { 0, 1, 2, 0xff, 0x41, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, out _);
        Assert.Equal(
            "00000000: 61 62 0a 00 01 02 ff 41 05 06 07 08 09 0a 0b 0c\n" +
            "00000010: 0d 0e 0f 10\n",
            Run("cat /f"));
    }

    [Fact]
    public void HexDumpPrintsExactBytesLikeHexdumpC()
    {
        Run("echo Hello, MeghaOS! 0123456789 > /h");
        Assert.Equal(
            "00000000  48 65 6c 6c 6f 2c 20 4d  65 67 68 61 4f 53 21 20  |Hello, MeghaOS! |\n" +
            "00000010  30 31 32 33 34 35 36 37  38 39 0a                 |0123456789.|\n" +
            "0000001b\n",
            Run("hexdump /h"));
        Assert.Equal("", Run("hexdump /dev/null"));
    }

    [Fact]
    public void HexDumpOfThePabMatchesTheFacade()
    {
        string output = Run("hexdump /dev/pab");
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(128 / 16 + 1, lines.Length);
        Assert.Equal("00000080", lines[^1]);
        byte[] pab = Pmm.Pab.ToArray();
        for (int row = 0; row < 8; row++)
        {
            string hex = lines[row].Substring(10, 49).Replace("  ", " ").Trim();
            string[] bytes = hex.Split(' ');
            Assert.Equal(16, bytes.Length);
            for (int i = 0; i < 16; i++)
            {
                Assert.Equal(pab[row * 16 + i], Convert.ToByte(bytes[i], 16));
            }
        }
    }

    [Fact]
    public void EndlessDevicesStopAtTheLimit()
    {
        string output = Run("hexdump /dev/zero");
        Assert.EndsWith("00040000\nhexdump: /dev/zero: output stopped after 262144 bytes\n", output);
    }

    [Fact]
    public void PmmAllocSetsBitsAndFreeClearsThem()
    {
        byte[] before = Pmm.Pab.ToArray();
        string output = Run("pmm alloc 16 16");
        Match match = Regex.Match(output, "^allocated 16 frames at 0x([0-9a-f]{16}) \\(frame ([0-9]+)\\)\n$");
        Assert.True(match.Success, output);
        ulong address = Convert.ToUInt64(match.Groups[1].Value, 16);
        Assert.Equal(address / 4096, ulong.Parse(match.Groups[2].Value));
        Assert.Equal(0UL, address / 4096 % 16);
        byte[] after = Pmm.Pab.ToArray();
        int changed = 0;
        for (int i = 0; i < before.Length; i++)
        {
            changed += System.Numerics.BitOperations.PopCount((uint)(before[i] ^ after[i]));
        }

        Assert.Equal(16, changed);
        Assert.Equal("pmm free: the count differs from the allocation's count\n", Run("pmm free 0x" + address.ToString("x") + " 15"));
        Assert.Equal("freed 16 frames at 0x" + address.ToString("x16") + "\n", Run("pmm free " + address + " 16"));
        Assert.Equal(before, Pmm.Pab.ToArray());
        Assert.Equal("pmm free: double free: the frames are already free\n", Run("pmm free 0x" + address.ToString("x") + " 16"));
        Assert.Equal("allocated 1 frame at 0x0000000000001000 (frame 1)\n", Run("pmm alloc 1"));
    }

    [Fact]
    public void MemShowsPmmAndHeap()
    {
        Run("pmm alloc 10");
        string output = Run("mem");
        Assert.StartsWith(
            "physical memory (pmm " + CatalogText.DefaultPmm + ")\n" +
            "  total     1024 frames, 4096 KiB\n" +
            "  free      916 frames, 3664 KiB\n" +
            "  allocated 10 frames, 40 KiB\n" +
            "  reserved  98 frames, 392 KiB\n" +
            "kernel heap (heap test)\n  in use    ", output);
        Assert.Matches("bytes in [0-9]+ blocks\n  free      0 bytes, largest block 0 bytes\n$", output);
    }

    [Fact]
    public void UptimeUsesTheTimer()
    {
        TimerOperations timer = default;
        timer.Name = "fake";
        timer.ReadNanoseconds = &FixedNanoseconds;
        timer.FrequencyHz = &FixedFrequency;
        s_now = 0;
        Assert.True(Timer.SetOperations(timer)); // uptime starts from the reading at installation
        s_now = 12_345_678_901;
        Assert.Equal("up 12.345 s (timer fake at 1000 Hz)\n", Run("uptime"));
        s_now = 20_005_999_999; // milliseconds keep their leading zeros
        Assert.Equal("up 20.005 s (timer fake at 1000 Hz)\n", Run("uptime"));
    }

    [Fact]
    public void ClearRebootHaltCallTheMachine()
    {
        Assert.Equal("", Run("clear"));
        Assert.Equal(1, CapturingTerminal.ClearCount);
        Assert.Equal("rebooting\n", Run("reboot"));
        Assert.Equal(1, KernelHarness.RebootCount);
        Assert.Equal("halting\n", Run("halt"));
        Assert.Equal(1, KernelHarness.HaltCount);
        Assert.Equal("dereferencing a null pointer...\n", Run("panic"));
        Assert.Equal(1, KernelHarness.PanicCount);
        Assert.Equal("panic: usage: panic [stack|task|exec]\n", Run("panic now"));
        Assert.Equal(1, KernelHarness.PanicCount);
        Assert.Equal("overflowing the kernel stack...\n", Run("panic stack"));
        Assert.Equal(1, KernelHarness.StackOverflowCount);
        Assert.Equal(1, KernelHarness.PanicCount);
        Assert.Equal("panic: not available on this machine\n", Run("panic task")); // the harness runs no scheduler

        // The harness's data "runs" and returns, as on a CPU without NX: the command says so.
        Assert.Equal("calling a ret placed in the direct map...\npanic: the direct map ran code: this CPU has no NX\n", Run("panic exec"));
        Assert.Equal(1, KernelHarness.ExecuteDataCount);
    }

    [Fact]
    public void MemAddsTheMachinesOwnFigures()
    {
        MachineOperations machine = default;
        machine.WriteMemoryDetails = &WriteDetails;
        CommandShell.Initialize(machine);
        Assert.EndsWith(" bytes\nmanaged objects: 7\n", Run("mem"));
    }

    private static void WriteDetails(void* context) => MeghaOS.Devices.Terminal.Write("managed objects: 7\n"u8);

    [Fact]
    public void BenchPrintsMeanCyclesAndLeavesEverythingAsItWas()
    {
        // A fake cycle counter that advances 70,000 per read: each figure spans two reads over 10,000 rounds, so 7.
        MachineOperations machine = default;
        machine.ReadCycleCounter = &ReadFakeCycles;
        CommandShell.Initialize(machine);
        byte[] pabBefore = Pmm.Pab.ToArray();
        PmmCounts countsBefore = Pmm.Counts;
        HeapStats heapBefore = Heap.Stats;

        string output = Run("bench");

        Match match = Regex.Match(output,
            "^pmm (\\S+): allocate\\+free 1 frame: ([0-9]+) cycles\n" +
            "heap (\\S+): allocate\\+free 64 bytes: ([0-9]+) cycles\n" +
            "call: direct ([0-9]+) cycles, through an operations table ([0-9]+) cycles\n" +
            "sched: context switch not measured \\(no scheduler, or other tasks are ready\\)\n$");
        Assert.True(match.Success, output);
        Assert.Equal(Pmm.ImplementationName, match.Groups[1].Value);
        Assert.Equal(Heap.ImplementationName, match.Groups[3].Value);
        Assert.Equal("7", match.Groups[2].Value);
        Assert.Equal("7", match.Groups[4].Value);
        Assert.Equal("7", match.Groups[5].Value);
        Assert.Equal("7", match.Groups[6].Value);
        Assert.Equal(pabBefore, Pmm.Pab.ToArray());
        Assert.Equal(countsBefore.FreeFrames, Pmm.Counts.FreeFrames);
        Assert.Equal(heapBefore.BytesInUse, Heap.Stats.BytesInUse);
        Assert.Equal(heapBefore.BlocksInUse, Heap.Stats.BlocksInUse);
        Assert.Equal("bench: usage: bench\n", Run("bench pmm"));
    }

    private static ulong s_fakeCycles;

    private static ulong ReadFakeCycles(void* context) => s_fakeCycles += 70_000;

    [Fact]
    public void BenchWithoutACycleCounterSaysSo()
    {
        CommandShell.Initialize(default);
        Assert.Equal("bench: no cycle counter on this machine\n", Run("bench"));
    }

    [Fact]
    public void RebootWithoutMachineSupportSaysSo()
    {
        CommandShell.Initialize(default);
        Assert.Equal("reboot: not available on this machine\n", Run("reboot"));
        Assert.Equal("halt: not available on this machine\n", Run("halt"));
        Assert.Equal("panic: not available on this machine\n", Run("panic"));
        Assert.Equal("panic: not available on this machine\n", Run("panic stack"));
    }

    [Fact]
    public void SwitchingThroughTheShellKeepsThePab()
    {
        Run("pmm alloc 7");
        string before = Run("cat /dev/pab");
        Assert.Equal("", Run("echo " + CatalogText.OtherPmm + " > /sys/pmm/implementation"));
        Assert.Equal(CatalogText.PmmList(CatalogText.OtherPmm), Run("cat /sys/pmm/implementation"));
        Assert.Equal(before, Run("cat /dev/pab"));
    }

    private static ulong s_now;

    private static ulong FixedNanoseconds(void* context) => s_now;

    private static ulong FixedFrequency(void* context) => 1000;
}
