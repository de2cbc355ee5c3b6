// Issue 10 from a user's seat, in QEMU: the ISO boots through /bin/init to the user shell /bin/sh, and at that
// prompt the C# programs, the musl programs and busybox applets run with the output a user would see; every hostile
// case of musl-hostile ends with its one fault line or errno line, the shell answers after it and the list of every
// allocation and its owner (/sys/pmm/owners) is identical before and after; Ctrl-C ends a spinning program. One boot
// (UserShellFixture) serves the class; the fall-backs (exit from sh, a -kernel boot with init=none) boot their own.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using MeghaOS.Tests.Initrd;
using Xunit;
using Xunit.Abstractions;

[Collection("QEMU")]
public sealed class UserProgramsEndToEndTests : IClassFixture<UserShellFixture>, IDisposable
{
    // The kernel reports each unsupported system call once per boot; which test meets it first depends on the order.
    private static readonly Regex UnsupportedReport = new(@"^syscall: unsupported system call \d+ from pid \d+ \(\S+\): ENOSYS \([^)\n]*\)\n", RegexOptions.Multiline);

    private readonly UserShellFixture _shell;
    private readonly ITestOutputHelper _log;

    public UserProgramsEndToEndTests(UserShellFixture shell, ITestOutputHelper log)
    {
        _shell = shell;
        _log = log;
        shell.BeginTest();
    }

    /// <summary>Every program the build put into the ramdisk, in the order ls prints them (byte order).</summary>
    private static string BinListing
    {
        get
        {
            string directory = Path.Combine(Metadata("UserImageDirectory"), "bin");
            string[] names = Directory.GetFiles(directory).Select(Path.GetFileName).ToArray()!;
            Array.Sort(names, StringComparer.Ordinal);
            return string.Join("", names.Select(name => name + "\n"));
        }
    }

    public void Dispose() => _shell.EndTest();

    // A line's output at the user shell without the kernel's once-per-boot report of an unsupported system call,
    // which goes to whichever test meets that call first.
    private string Run(string line) => UnsupportedReport.Replace(_shell.Run(line), "");

    [Fact]
    public void BootReachesTheUserShellThroughInitAndPsListsBoth()
    {
        _log.WriteLine($"power-on to the first user shell prompt (ISO, BIOS, 64 MiB): {_shell.BootMilliseconds} ms");
        string boot = _shell.Qemu.Output;
        Assert.Matches(@"ramdisk: \d+ files, \d+ bytes in /bin\n", boot);
        Assert.DoesNotContain("init: /bin/", boot);
        Assert.DoesNotContain(Kernel.Prompt, boot);

        // The kernel's table (docs/files.md, /sys/processes): init is 1, started by the kernel; sh is its child.
        string table = _shell.Run("cat /sys/processes");
        Assert.Matches(@"^  PID  PPID STATE   FRAMES THREAD NAME\n", table);
        Assert.Matches(new Regex(@"^    1     0 alive +\d+ +\d+ init$", RegexOptions.Multiline), table);
        Assert.Matches(new Regex(@"^    2     1 alive +\d+ +\d+ sh$", RegexOptions.Multiline), table);

        // ps prints the same processes, itself included as a child of sh.
        string ps = _shell.Run("ps");
        Assert.Matches(@"^  PID  PPID STATE   FRAMES NAME\n    1     0 alive +\d+ init\n    2     1 alive +\d+ sh\n +\d+     2 alive +\d+ ps\n$", ps);
    }

    [Fact]
    public void EchoPrintsItsArguments()
    {
        Assert.Equal("hello world a b\n", _shell.Run("echo hello   world \"a b\""));
        Assert.Equal("0\n", _shell.Run("echo $?"));
    }

    [Fact]
    public void LsListsEveryProgramInBin()
    {
        Assert.Equal(BinListing, _shell.Run("ls /bin"));
    }

    [Fact]
    public void MkdirMakesADirectoryThatLsShowsAndRmRemoves()
    {
        Assert.Equal("", _shell.Run("mkdir /e2e-dir"));
        Assert.Equal("", _shell.Run("mkdir /e2e-dir/inner"));
        Assert.Equal("", _shell.Run("echo x > /e2e-dir/file"));
        Assert.Equal("file\ninner\n", _shell.Run("ls /e2e-dir"));
        Assert.Equal("rm: /e2e-dir: Is a directory\n", _shell.Run("rm /e2e-dir"));
        Assert.Equal("1\n", _shell.Run("echo $?"));
        Assert.Equal("", _shell.Run("rm -r /e2e-dir"));
        Assert.Equal("ls: /e2e-dir: No such file or directory\n", _shell.Run("ls /e2e-dir"));
    }

    [Fact]
    public void CatPrintsAFileAndRedirectionsWriteAndReadIt()
    {
        Assert.Equal("", _shell.Run("echo hi > /e2e-f"));
        Assert.Equal("hi\n", _shell.Run("cat < /e2e-f"));
        Assert.Equal("hi\n", _shell.Run("cat /e2e-f"));
        Assert.Equal("", _shell.Run("rm /e2e-f"));
        Assert.Equal("cat: /e2e-f: No such file or directory\n", _shell.Run("cat /e2e-f"));
    }

    [Fact]
    public void HexdumpShowsTheBytesOfAFile()
    {
        Assert.Equal("", _shell.Run("echo hi > /e2e-hex"));
        string dump = _shell.Run("hexdump /e2e-hex");
        Assert.Equal("00000000  68 69 0a                                          |hi.|\n00000003\n", dump);
        Assert.Equal(new byte[] { 0x68, 0x69, 0x0a }, ShellTranscript.DecodeHexdump(dump));
        Assert.Equal("", _shell.Run("rm /e2e-hex"));
    }

    [Fact]
    public void APipeCarriesLsIntoCat()
    {
        Assert.Equal(BinListing, _shell.Run("ls /bin | cat"));
    }

    [Fact]
    public void DollarQuestionMarkIsTheLastStatus()
    {
        Assert.Equal("ls: /nope: No such file or directory\n", _shell.Run("ls /nope"));
        Assert.Equal("1\n", _shell.Run("echo $?"));
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal("sh: nope: not found\n", _shell.Run("nope"));
        Assert.Equal("127\n", _shell.Run("echo $?"));
    }

    [Fact]
    public void CdChangesTheDirectoryAndThePrompt()
    {
        int start = _shell.Qemu.Output.Length;
        Assert.Equal("", _shell.Run("cd /bin"));
        _shell.Qemu.WaitFor("sh:/bin$ ", UserShellFixture.CommandTimeout, start);
        Assert.Equal(BinListing, _shell.Run("ls"));
        Assert.Equal("sh: cd: /nope: No such file or directory\n", _shell.Run("cd /nope"));
        Assert.Equal("", _shell.Run("cd /"));
    }

    [Fact]
    public void CatOfThePabShowsHexRowsWithFrameNumbers()
    {
        long totalFrames = long.Parse(ShellTranscript.DecodeStats(_shell.Run("cat /sys/pmm/stats"))["total_frames"]);
        byte[] pab = ShellTranscript.DecodeCatPab(_shell.Run("cat /dev/pab"));
        Assert.Equal((totalFrames + 7) / 8, pab.Length);
        Assert.True(ShellTranscript.IsSet(pab, 0)); // frame 0 is never handed out
        Assert.InRange(ShellTranscript.CountOnes(pab), 1, totalFrames - 1);
    }

    [Fact]
    public void PabstatAgreesWithThePmmStatistics()
    {
        Match match = Regex.Match(_shell.Run("pabstat"),
            @"^frames (\d+)\nused (\d+)\nfree (\d+)\nstats agree: free_frames \3, allocated_frames \+ reserved_frames \2\nmap: ");
        Assert.True(match.Success);
        Assert.Equal("0\n", _shell.Run("echo $?"));
        long total = long.Parse(ShellTranscript.DecodeStats(_shell.Run("cat /sys/pmm/stats"))["total_frames"]);
        Assert.Equal(total, long.Parse(match.Groups[1].Value));
        Assert.Equal(total, long.Parse(match.Groups[2].Value) + long.Parse(match.Groups[3].Value));
    }

    [Fact]
    public void MuslHelloGreets()
    {
        Assert.Equal("hello from musl\n", _shell.Run("musl-hello"));
        Assert.Equal("0\n", _shell.Run("echo $?"));
    }

    [Fact]
    public void MuslCatPrintsAFile()
    {
        Assert.Equal("", _shell.Run("echo from the shell > /e2e-musl"));
        Assert.Equal("from the shell\n", _shell.Run("musl-cat /e2e-musl"));
        Assert.Equal("", _shell.Run("rm /e2e-musl"));
    }

    [Fact]
    public void MuslPabCountsUsedAndFreeFrames()
    {
        long total = long.Parse(ShellTranscript.DecodeStats(_shell.Run("cat /sys/pmm/stats"))["total_frames"]);
        Match match = Regex.Match(_shell.Run("musl-pab"), @"^used (\d+)\nfree (\d+)\n$");
        Assert.True(match.Success);
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal(total, long.Parse(match.Groups[1].Value) + long.Parse(match.Groups[2].Value));
    }

    /// <summary>Every musl-hostile case, what it must print (a pattern) and the shell's $? after it.</summary>
    public static TheoryData<string, string, int> HostileCases
    {
        get
        {
            const string Process = @"process \d+ \(musl-hostile\) ended by signal ";
            const string Shell = @"sh: musl-hostile: ended by signal ";
            string Segv(string address, string rip) => Process + @"11 \(SIGSEGV\) at address " + address + ", rip " + rip + "\n" + Shell + "11\n";
            string AtRip(int signal, string name) => Process + signal + @" \(" + name + @"\) at address (?<at>0x[0-9a-f]+), rip \k<at>" + "\n" + Shell + signal + "\n";
            string Errno(string name, int errno, string text) => name + ": errno " + errno + " " + Regex.Escape("(" + text + ")") + "\n";
            var cases = new TheoryData<string, string, int>
            {
                { "write-kernel", Segv("0xffffffff80100000", "0x40[0-9a-f]{4}"), 139 },
                { "read-kernel", Segv("0xffff800000000000", "0x40[0-9a-f]{4}"), 139 },
                { "jump-kernel", Segv("0xffffffff80100000", "0xffffffff80100000"), 139 },
                { "read-unmapped", Segv("0x7f0000000000", "0x40[0-9a-f]{4}"), 139 },
                { "null", Segv("0x0", "0x40[0-9a-f]{4}"), 139 },
                { "recursion", Segv("0x7ff[0-9a-f]{9}", "0x40[0-9a-f]{4}"), 139 },
                { "int3", AtRip(5, "SIGTRAP"), 133 },
                { "divide", AtRip(8, "SIGFPE"), 136 },
                { "read-efault", Errno("read-efault", 14, "Bad address"), 0 },
                { "write-efault", Errno("write-efault", 14, "Bad address"), 0 },
                { "write-unmapped", Errno("write-unmapped", 14, "Bad address"), 0 },
                { "open-efault", Errno("open-efault", 14, "Bad address"), 0 },
                { "execve-efault", Errno("execve-efault", 14, "Bad address"), 0 },
                { "execve-argv-efault", Errno("execve-argv-efault", 14, "Bad address"), 0 },
                { "read-into-kernel", Errno("read-into-kernel", 14, "Bad address"), 0 },
                { "huge-write", Errno("huge-write", 14, "Bad address"), 0 },
                { "huge-read", Errno("huge-read", 14, "Bad address"), 0 },
                { "enosys", Errno("enosys", 38, "Function not implemented"), 0 },
                { "brk", @"brk: stopped after [1-9]\d* MiB\n", 0 },
                { "mmap", @"mmap: stopped after [1-9]\d* MiB, errno 12 \(Out of memory\)\n", 0 },
                { "forkbomb", @"forkbomb: refused after [1-9]\d* children, errno 11 \(Resource temporarily unavailable\)\n", 0 },
            };

            // Privileged instructions and int 0x80 (no gate for ring 3): #GP at the instruction, SIGSEGV.
            foreach (string privileged in new[] { "cli", "hlt", "in", "out", "cr3", "wrmsr", "lgdt", "int80" })
            {
                cases.Add(privileged, AtRip(11, "SIGSEGV"), 139);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void AHostileCaseEndsWithItsMessageAndLeavesThePabAsItWas(string hostileCase, string message, int status)
    {
        string owners = _shell.Run("cat /sys/pmm/owners");
        Assert.Matches(@"^(0x[0-9a-f]{16} \d+ [a-z-]+\n)+$", owners);
        string output = UnsupportedReport.Replace(_shell.Run("musl-hostile " + hostileCase), "");
        Assert.Matches("^" + message + "$", output);
        Assert.Equal(status + "\n", _shell.Run("echo $?"));
        Assert.Equal(owners, _shell.Run("cat /sys/pmm/owners"));
    }

    /// <summary>
    /// Every program in /bin once (init and sh run all the time), with arguments that leave the file tree as it was:
    /// mkdir and rm change what the kernel keeps for files, which is not the program's memory.
    /// </summary>
    public static TheoryData<string> EveryProgram => new()
    {
        "echo one two",
        "ls /bin",
        "cat /sys/pmm/stats",
        "hexdump /sys/pmm/stats",
        "ps",
        "pabstat",
        "env",
        "auxv",
        "musl-hello",
        "musl-cat /sys/pmm/stats",
        "musl-pab",
        "musl-sysbench",
        "busybox echo busybox",
        "busybox sh -c 'busybox echo a | busybox cat'",
        "ls /bin | cat",
    };

    [Theory]
    [MemberData(nameof(EveryProgram))]
    public void EveryProgramLeavesThePabAsItWas(string line)
    {
        // /sys/pmm/owners lists every allocated run and its owner: equal before and after means the same PAB.
        string owners = _shell.Run("cat /sys/pmm/owners");
        _shell.Run(line);
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal(owners, _shell.Run("cat /sys/pmm/owners"));
    }

    // Signal delivery (docs/processes.md, "Signals") with an unmodified musl program: handlers run with a Linux frame
    // and return through musl's __restore_rt and rt_sigreturn; faults reach handlers; masks, SIG_IGN and EINTR.
    [Fact]
    public void MuslSignalsRunsItsHandlersAndLeavesThePabAsItWas()
    {
        string owners = _shell.Run("cat /sys/pmm/owners");
        string output = UnsupportedReport.Replace(_shell.Run("musl-signals"), "");
        Assert.Equal(MeghaOS.Tests.UserPrograms.MuslProgramTests.SignalsOutput, output);
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal(owners, _shell.Run("cat /sys/pmm/owners"));
    }

    [Fact]
    public void CtrlCEndsASpinningProgramAndTheShellAnswers()
    {
        string owners = _shell.Run("cat /sys/pmm/owners");
        int start = _shell.Qemu.Output.Length;
        _shell.Qemu.SendLine("musl-hostile spin");
        int spinning = _shell.Qemu.WaitFor("spinning\n", UserShellFixture.CommandTimeout, start);
        _shell.Qemu.Send("\u0003");
        int prompt = _shell.Qemu.WaitForPrompt(UserShellFixture.CommandTimeout, spinning, UserShellFixture.PromptPattern);
        Assert.Equal("^C\n", _shell.Qemu.Output.Substring(spinning, prompt - spinning));
        Assert.Equal("130\n", _shell.Run("echo $?"));
        Assert.Equal(owners, _shell.Run("cat /sys/pmm/owners"));
        Assert.Matches(@"^  PID  PPID STATE   FRAMES NAME\n    1     0 alive +\d+ init\n    2     1 alive +\d+ sh\n +\d+     2 alive +\d+ ps\n$", _shell.Run("ps"));
    }

    [Fact]
    public void MuslSysbenchPrintsItsFourFigures()
    {
        Assert.Matches(
            @"^null system call       min +\d+  median +\d+ cycles\n" +
            @"4 KiB read of /dev/pab min +\d+  median +\d+ cycles\n" +
            @"pipe round trip        min +\d+  median +\d+ cycles\n" +
            @"fork\+exec\+wait         min +\d+  median +\d+ cycles\n$",
            _shell.Run("musl-sysbench"));
    }

    /// <summary>The busybox applets that run on MeghaOS (docs/user-programs.md, "busybox on MeghaOS"), and their output.</summary>
    public static TheoryData<string, string> BusyboxApplets => new()
    {
        { "busybox echo hello busybox", "hello busybox\n" },
        { "busybox cat /e2e-bb", "hello\n" },
        { "busybox sh -c 'echo x'", "x\n" },
        { "busybox ash -c 'x=3; echo $x'", "3\n" },
        { "busybox sh -c 'busybox echo nested'", "nested\n" },
        { "busybox wc /e2e-bb", "        1         1         6 /e2e-bb\n" },
        { "busybox uname -a", "MeghaOS meghaos 0.1.0 #1 MeghaOS teaching kernel x86_64 GNU/Linux\n" },
        { "busybox pwd", "/\n" },
        { "busybox head -n 2 /sys/pmm/stats", "implementation bitmap\nframe_size 4096\n" },
        { "busybox grep frame_size /sys/pmm/stats", "frame_size 4096\n" },
        { "busybox seq 3", "1\n2\n3\n" },
        { "busybox expr 2 + 3", "5\n" },
        { "busybox basename /a/b/c", "c\n" },
        { "busybox dirname /a/b", "/a\n" },
        { "busybox printf '%s-%d\\n' a 5", "a-5\n" },
        { "busybox awk '{print $1}' /e2e-bb", "hello\n" },
        { "busybox sed s/h/j/ /e2e-bb", "jello\n" },
        { "busybox find /bin -name sh", "/bin/sh\n" },
        { "busybox echo a b | busybox xargs echo", "a b\n" },
        { "busybox echo tee | busybox tee /e2e-bb", "tee\n" },
        { "busybox tr a-z A-Z < /e2e-bb", "HELLO\n" },
        { "busybox cut -c1 /e2e-bb", "h\n" },
        { "busybox rev /e2e-bb", "olleh\n" },
        { "busybox nl /e2e-bb", "     1\thello\n" },
        { "busybox factor 12", "12: 2 2 3\n" },
        { "busybox base64 /e2e-bb", "aGVsbG8K\n" },
        { "busybox md5sum /e2e-bb", "b1946ac92492d2347c6235b4d2611184  /e2e-bb\n" },
        { "busybox sha256sum /e2e-bb", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  /e2e-bb\n" },
        { "busybox hexdump -C /e2e-bb", "00000000  68 65 6c 6c 6f 0a                                 |hello.|\n00000006\n" },
        { "busybox od /e2e-bb", "0000000 062550 066154 005157\n0000006\n" },
        { "busybox env", "PATH=/bin\nHOME=/\n" },
        { "busybox hostname", "meghaos\n" },
        { "busybox id", "uid=0 gid=0\n" },
        { "busybox ls -1 /bin/sh /bin/cat", "/bin/cat\n/bin/sh\n" },
        { "busybox ls -l /e2e-bb", "-rw-r--r--    1 0        0                6 Jan  1 00:00 /e2e-bb\n" },
        { "busybox du /e2e-bb", "1\t/e2e-bb\n" },
        { "busybox sleep 1", "" },
        { "busybox true", "" },
        { "busybox kill -0 1", "" },
        { "busybox test -f /e2e-bb", "" },
        { "busybox sh -c 'busybox echo piped | busybox cat'", "piped\n" },
        { "busybox yes | busybox head -n 2", "y\ny\n" },
    };

    [Theory]
    [MemberData(nameof(BusyboxApplets))]
    public void ABusyboxAppletRuns(string line, string expected)
    {
        Assert.Equal("", _shell.Run("echo hello > /e2e-bb"));
        Assert.Equal(expected, UnsupportedReport.Replace(_shell.Run(line), ""));
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal("", _shell.Run("rm /e2e-bb"));
    }

    [Fact]
    public void BusyboxFilesAndStatuses()
    {
        Assert.Equal(BinListing, UnsupportedReport.Replace(_shell.Run("busybox ls -1 /bin"), ""));
        Assert.Equal("", _shell.Run("busybox false"));
        Assert.Equal("1\n", _shell.Run("echo $?"));
        Assert.Equal("", _shell.Run("busybox mkdir /e2e-bbdir"));
        Assert.Equal("", _shell.Run("echo copied > /e2e-bbdir/a"));
        Assert.Equal("", _shell.Run("busybox cp /e2e-bbdir/a /e2e-bbdir/b"));
        Assert.Equal("copied\n", _shell.Run("busybox cat /e2e-bbdir/b"));
        Assert.Equal("", _shell.Run("busybox rm /e2e-bbdir/a /e2e-bbdir/b"));
        Assert.Equal("", _shell.Run("busybox rmdir /e2e-bbdir"));
        Assert.Equal("ls: /e2e-bbdir: No such file or directory\n", _shell.Run("ls /e2e-bbdir"));
    }

    [Fact]
    public void BusyboxMvRenamesMovesIntoADirectoryAndReplaces()
    {
        Assert.Equal("", Run("busybox mkdir /e2e-mv"));
        Assert.Equal("", Run("echo one > /e2e-mv-a"));
        Assert.Equal("", Run("busybox mv /e2e-mv-a /e2e-mv-b"));
        Assert.Equal("one\n", Run("busybox cat /e2e-mv-b"));
        Assert.Equal("", Run("busybox mv /e2e-mv-b /e2e-mv"));
        Assert.Equal("one\n", Run("busybox cat /e2e-mv/e2e-mv-b"));
        Assert.Equal("", Run("echo two > /e2e-mv-c"));
        Assert.Equal("", Run("busybox mv /e2e-mv-c /e2e-mv/e2e-mv-b"));
        Assert.Equal("two\n", Run("busybox cat /e2e-mv/e2e-mv-b"));
        Assert.Equal("", Run("busybox test -e /e2e-mv-c"));
        Assert.Equal("1\n", Run("echo $?"));
        Assert.Equal("", Run("busybox rm /e2e-mv/e2e-mv-b"));
        Assert.Equal("", Run("busybox rmdir /e2e-mv"));
    }

    [Fact]
    public void BusyboxTouchCreatesAFileAndKeepsAnExistingOne()
    {
        Assert.Equal("", Run("busybox touch /e2e-touch"));
        Assert.Equal("0\n", Run("echo $?"));
        Assert.Equal("", Run("busybox test -f /e2e-touch"));
        Assert.Equal("0\n", Run("echo $?"));
        Assert.Equal("0\n", Run("busybox stat -c %s /e2e-touch"));
        Assert.Equal("", Run("echo kept > /e2e-touch"));
        Assert.Equal("", Run("busybox touch /e2e-touch"));
        Assert.Equal("kept\n", Run("busybox cat /e2e-touch"));
        Assert.Equal("", Run("busybox rm /e2e-touch"));
    }

    [Fact]
    public void BusyboxViDrawsTheFileWaitsInPollAndQuits()
    {
        Assert.Equal("", _shell.Run("echo hello > /e2e-vi"));
        int start = _shell.Qemu.Output.Length;
        _shell.Qemu.SendLine("busybox vi /e2e-vi");
        _shell.Qemu.WaitFor("/e2e-vi 1/1 100%", UserShellFixture.CommandTimeout, start);
        Assert.DoesNotContain("poll", _shell.Qemu.Output.Substring(start));
        _shell.Run(":q!");
        Assert.Equal("0\n", _shell.Run("echo $?"));
        Assert.Equal("hello\n", UnsupportedReport.Replace(_shell.Run("busybox cat /e2e-vi"), ""));
        Assert.Equal("", _shell.Run("rm /e2e-vi"));
    }

    [Fact]
    public void ExitFromTheUserShellEndsInitAndTheKernelShellTakesTheConsole()
    {
        using QemuSession qemu = UserShellFixture.Boot(out _);
        int start = qemu.Output.Length;
        qemu.SendLine("exit");
        qemu.WaitFor("exit\n[process 1 exited with status 0]\n" + Kernel.Prompt, UserShellFixture.CommandTimeout, start);
        Assert.Matches(@"^hello from musl\n\[process \d+ exited with status 0\]\n$", qemu.Run("run musl-hello", UserShellFixture.CommandTimeout));
    }

    [Fact]
    public void AKernelBootWithInitNoneRunsAProgramFromASmallRamdisk()
    {
        byte[] hello = File.ReadAllBytes(Path.Combine(Metadata("UserImageDirectory"), "bin", "musl-hello"));
        string initrd = Path.Combine(Path.GetTempPath(), "meghaos-e2e-initrd-" + Guid.NewGuid().ToString("N") + ".cpio");
        File.WriteAllBytes(initrd, new CpioBuilder().Directory("bin").Add("bin/musl-hello", hello).Trailer().Build());
        try
        {
            using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "init=none", initrd: initrd);
            qemu.WaitFor(Kernel.Prompt, UserShellFixture.BootTimeout);
            Assert.Contains($"ramdisk: 1 file, {hello.Length} bytes in /bin\n", qemu.Output);
            Assert.DoesNotContain("sh:/", qemu.Output);
            Assert.Matches(@"^hello from musl\n\[process (\d+) exited with status 0\]\n$", qemu.Run("run musl-hello", UserShellFixture.CommandTimeout));
        }
        finally
        {
            File.Delete(initrd);
        }
    }

    private static string Metadata(string key) =>
        typeof(UserProgramsEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException(key + " metadata missing from the test assembly");
}
