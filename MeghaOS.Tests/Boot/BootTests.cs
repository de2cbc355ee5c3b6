// Boot tests: the built kernel boots in QEMU (with -kernel and from the GRUB ISO), prints its banner and the PMM
// figures matching the RAM QEMU was given, answers shell commands over serial without allocating managed objects
// per command, reports bad input, and `panic` ends in the panic message with QEMU still running (no reboot, no
// triple fault). The shell's own behaviour end to end is in EndToEnd/.
namespace MeghaOS.Tests.Boot;

using System;
using System.Text.RegularExpressions;
using Xunit;

/// <summary>One QEMU at a time: the machine has few cores and TCG is CPU-bound.</summary>
[CollectionDefinition("QEMU", DisableParallelization = true)]
public sealed class QemuCollection
{
}

[Collection("QEMU")]
public sealed class BootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    // What the kernel keeps from usable RAM for itself besides the buddy PMM's metadata (printed at boot, about
    // 9 bytes per frame): the image with its page tables, stacks and boot arena (under 1 MiB), the Multiboot
    // structures (2 frames) and the bitmap PMM's metadata (about 4 bits per frame, below 1 MiB up to 8 GiB).
    // Documented in docs/kernel.md.
    private const long KernelReservedBudgetBytes = 3L << 20;

    [Theory]
    [InlineData(32)]
    [InlineData(512)]
    [InlineData(5 * 1024)]
    public void PmmFiguresMatchTheMemoryQemuWasGiven(int memoryMegabytes)
    {
        // Without the ramdisk: its reservation and its copy in /bin are not part of the kernel's own budget.
        using var qemu = QemuSession.Start(BootMedium.Kernel, memoryMegabytes, initrd: string.Empty);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string output = qemu.Output;
        Assert.Contains(Kernel.Banner, output);

        long given = (long)memoryMegabytes << 20;
        long usable = Number(output, @"usable RAM: (\d+) KiB") << 10;
        // QEMU's firmware keeps the 384 KiB below 1 MiB and a few pages at the top of low memory.
        Assert.InRange(usable, given - (1L << 20), given);

        long total = Number(output, @"total +(\d+) frames");
        long free = Number(output, @"free +(\d+) frames");
        long reserved = Number(output, @"reserved +(\d+) frames");
        long allocated = Number(output, @"allocated +(\d+) frames");
        // Every PMM implementation's metadata is reserved at boot (one line each, whatever the catalog holds).
        long metadata = 0;
        foreach (System.Text.RegularExpressions.Match line in System.Text.RegularExpressions.Regex.Matches(output, @"PMM metadata \(\w+\): +0x[0-9a-f]+ \((\d+) KiB\)"))
        {
            metadata += long.Parse(line.Groups[1].Value) << 10;
        }

        Assert.Equal(total, free + reserved + allocated);
        long managedUsable = (free + allocated) * 4096;
        Assert.InRange(managedUsable, usable - KernelReservedBudgetBytes - metadata, usable);
        // Total covers frame 0 to the end of the highest usable RAM, so it includes the PCI hole below 4 GiB.
        Assert.True(total * 4096 >= usable, $"total frames {total} below usable RAM {usable}");
    }

    [Fact]
    public void BootsFromTheIsoAndAnswersMem()
    {
        using var qemu = QemuSession.Start(BootMedium.Iso, 64);
        MeghaOS.Tests.EndToEnd.UserShellFixture.ExitToKernelShell(qemu, BootTimeout); // the ISO starts /bin/init and the user shell
        string mem = qemu.Run("mem", CommandTimeout);
        Assert.Contains("physical memory (pmm bitmap)", mem);
        Assert.Matches(@"free +\d+ frames", mem);
    }

    [Fact]
    public void ShellCommandsAllocateNoManagedObjects()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string first = qemu.Run("mem", CommandTimeout);
        qemu.Run("echo warm > /warm", CommandTimeout); // the first file in / takes the directory's table once
        string warm = qemu.Run("mem", CommandTimeout);
        for (int i = 0; i < 3; i++)
        {
            foreach (string command in new[]
            {
                "help", "no-such-command", "ls /sys/pmm", "cat /dev/pab", "hexdump /sys/pmm/stats", "cat /sys/pmm/regions",
                "echo hello world", "echo hello > /note", "cat /note", "stat /dev/pab", "mkdir /d" + i, "cd /sys", "pwd", "cd /",
                "pmm alloc 16", "pmm free 0x1 1", "echo buddy > /sys/pmm/implementation", "cat /sys/pmm/buddyinfo",
                "echo bitmap > /sys/pmm/implementation", "uptime", "history",
            })
            {
                qemu.Run(command, CommandTimeout);
            }
        }

        string last = qemu.Run("mem", CommandTimeout);
        Assert.Contains("kernel heap (heap freelist)", first);
        Assert.Equal(Number(first, @"managed objects: (\d+)"), Number(last, @"managed objects: (\d+)"));
        Assert.Equal(Number(warm, @"managed objects: (\d+)"), Number(last, @"managed objects: (\d+)"));
        Assert.Equal(Number(first, @"allocated +(\d+) frames") + 3 * 16, Number(last, @"allocated +(\d+) frames"));
    }

    [Fact]
    public void BadInputGetsAnErrorAndThePromptComesBack()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Equal("unknown command: frobnicate (type help for the list)\n", qemu.Run("frobnicate", CommandTimeout));
        string longLine = new string('x', 300);
        int start = qemu.Output.Length;
        qemu.SendLine(longLine);
        int error = qemu.WaitFor("shell: line too long (more than 160 characters); it will be ignored, press Enter", CommandTimeout, start);
        qemu.WaitForPrompt(CommandTimeout, error);
        Assert.Contains("commands (", qemu.Run("help", CommandTimeout));
    }

    [Fact]
    public void PanicPrintsTheFaultAndHaltsWithoutRebooting()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, withMonitor: true);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        qemu.SendLine("panic");
        int end = qemu.WaitFor("System halted.", CommandTimeout);
        string output = qemu.Output;
        Assert.Contains(Kernel.PanicMarker + "CPU exception 14: page fault", output);
        Assert.Matches(@"vector=14 error=0x[0-9a-f]{16}", output);
        Assert.Matches(@"RIP=0x[0-9a-f]{16}", output);
        Assert.Contains("CR2=0x0000000000000000", output);

        // The same panic is on the VGA screen (read through the QEMU monitor: 80x25 cells at 0xb8000).
        string screen = string.Join("\n", MeghaOS.Tests.EndToEnd.ShellTranscript.DecodeVgaText(
            qemu.Monitor("xp /2000hx 0xb8000", CommandTimeout)));
        Assert.Contains(Kernel.PanicMarker + "CPU exception 14: page fault", screen);
        Assert.Contains("CR2=0x0000000000000000", screen);
        Assert.Contains("System halted.", screen);

        // -no-reboot makes QEMU exit on a reset or triple fault; a halted kernel keeps it running, silently.
        System.Threading.Thread.Sleep(1500);
        Assert.True(qemu.IsRunning, "QEMU exited: the kernel reset or triple-faulted instead of halting");
        Assert.Single(Regex.Matches(qemu.Output, Regex.Escape(Kernel.Banner)));
        Assert.Equal(end, qemu.Output.TrimEnd().Length);
    }

    // The direct map is data: a call into it is a page fault on the instruction fetch (error code bit 4), at the
    // address it jumped to, and the kernel panics and halts. On a CPU without NX the data runs and the shell says so.
    [Fact]
    public void CallingDataInTheDirectMapFaultsOnTheInstructionFetch()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Contains("direct map: not executable (NX)\n", qemu.Output);
        qemu.SendLine("panic exec");
        qemu.WaitFor("calling a ret placed in the direct map...", CommandTimeout);
        qemu.WaitFor("System halted.", CommandTimeout);
        string output = qemu.Output;
        Assert.Contains(Kernel.PanicMarker + "CPU exception 14: page fault", output);
        Match fault = Regex.Match(output, @"error=0x([0-9a-f]{16})\n  RIP=0x(ffff8[0-9a-f]{11}) RSP=0x[0-9a-f]{16}\n  CR2=0x([0-9a-f]{16}) \(protection violation, instruction fetch\)");
        Assert.True(fault.Success, output);
        Assert.Equal(0x10UL, Convert.ToUInt64(fault.Groups[1].Value, 16) & 0x10);
        Assert.Equal(fault.Groups[2].Value, fault.Groups[3].Value.TrimStart('0'));
    }

    [Fact]
    public void WithoutNxTheDirectMapRunsDataAndTheShellSaysSo()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, cpu: "qemu64,-nx");
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Contains("direct map: executable (the CPU lacks NX)\n", qemu.Output);
        Assert.Equal("calling a ret placed in the direct map...\npanic: the direct map ran code: this CPU has no NX\n",
            qemu.Run("panic exec", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void AStackOverflowHitsTheGuardPageAndPanicsWithoutRebooting()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        qemu.SendLine("panic stack");
        qemu.WaitFor("overflowing the kernel stack...", CommandTimeout);
        int end = qemu.WaitFor("System halted.", CommandTimeout);
        string output = qemu.Output;
        // The page fault on the guard page cannot push its frame there, so the CPU raises a double fault, which runs
        // on its own stack (IST1).
        Assert.Contains(Kernel.PanicMarker + "CPU exception 8: double fault", output);
        Assert.Matches(@"vector=8 error=0x[0-9a-f]{16}", output);

        System.Threading.Thread.Sleep(1500);
        Assert.True(qemu.IsRunning, "QEMU exited: the kernel reset or triple-faulted instead of halting");
        Assert.Single(Regex.Matches(qemu.Output, Regex.Escape(Kernel.Banner)));
        Assert.Equal(end, qemu.Output.TrimEnd().Length);
    }

    [Fact]
    public void ATaskStackOverflowHitsItsGuardPage()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        qemu.SendLine("panic task");
        qemu.WaitFor("overflowing the stack of task 2...", CommandTimeout);
        qemu.WaitFor("System halted.", CommandTimeout);

        // The task's own stack ends at an unmapped guard page (not the boot stack's): the fault cannot push its frame
        // there, so the CPU raises a double fault, which runs on its own stack and panics.
        Assert.Contains(Kernel.PanicMarker + "CPU exception 8: double fault", qemu.Output);
        System.Threading.Thread.Sleep(1000);
        Assert.True(qemu.IsRunning, "QEMU exited: the kernel reset or triple-faulted instead of halting");
    }

    [Theory]
    [InlineData("max", "1 GiB")]
    [InlineData("qemu64", "2 MiB")]
    public void ATaskStackAbove4GiBHitsItsGuardPageInTheDirectMap(string cpu, string pageSize)
    {
        // Every free frame below 4 GiB taken first (the bitmap PMM hands out the lowest fitting frames), so the new
        // task's stack lies above 4 GiB, where the direct map uses pages from DirectMapTables.cs: unmapping its guard
        // page splits a 1 GiB page (CPU "max") or a 2 MiB page (qemu64).
        using var qemu = QemuSession.Start(BootMedium.Kernel, 5 * 1024, cpu: cpu);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Contains("(" + pageSize + " pages, ", qemu.Output);
        foreach (int chunk in new[] { 65536, 4096, 256, 16, 1 })
        {
            while (true)
            {
                string reply = qemu.Run("pmm alloc " + chunk, CommandTimeout);
                Match at = Regex.Match(reply, @"allocated \d+ frames? at 0x([0-9a-f]+)");
                if (!at.Success)
                {
                    break; // no run of that size is left anywhere
                }

                if (Convert.ToUInt64(at.Groups[1].Value, 16) >= 1UL << 32)
                {
                    break;
                }
            }
        }

        qemu.SendLine("panic task");
        qemu.WaitFor("System halted.", CommandTimeout);
        Assert.Contains(Kernel.PanicMarker + "CPU exception 8: double fault", qemu.Output);
        Assert.Matches(@"RSP=0xffff8001[0-9a-f]{8}", qemu.Output);
    }

    [Fact]
    public void AMachineWith256GiBBootsWithAllItsRamManagedThrough2MiBPages()
    {
        // QEMU's default CPU has no 1 GiB pages (pdpe1gb), so the direct map beyond the boot page tables uses 2 MiB pages.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 256 * 1024);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        AssertAllUsableRamManaged(qemu.Output, "2 MiB pages");
        Assert.StartsWith("allocated 1 frame", qemu.Run("pmm alloc 1", CommandTimeout));
    }

    [Fact]
    public void AMachineWith1TiBBootsWithAllItsRamManagedThrough1GiBPages()
    {
        // -m 1023G puts 3 GiB below 4 GiB and 1020 GiB above, so RAM ends at 1 TiB, the most a PMM manages (2^28
        // frames). An Intel vendor keeps QEMU from moving RAM above AMD's HyperTransport hole at 1012 GiB.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 1023 * 1024, cpu: OneTerabyteCpu);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        AssertAllUsableRamManaged(qemu.Output, "1 GiB pages");
        Assert.Equal(1L << 40, Number(qemu.Output, @"total +(\d+) frames") * 4096);
        string stats = qemu.Run("cat /sys/pmm/stats", CommandTimeout);
        Assert.Contains("total_bytes 1099511627776", stats);
        Assert.StartsWith("allocated 1 frame", qemu.Run("pmm alloc-at 0xfffffff000 1", CommandTimeout));
    }

    [Fact]
    public void AMachineWithMoreRamThanThePmmManagesBootsAndSaysWhatItLeftUnused()
    {
        // 1100 GiB: RAM ends at 1101 GiB; the PMM manages the first TiB and says how much lies above.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 1100 * 1024, cpu: OneTerabyteCpu);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string output = qemu.Output;
        Assert.Matches(@"warning: [1-9][0-9]* MiB of RAM lie above the 1024 GiB the PMM manages; they are left unused\n", output);
        Assert.DoesNotContain(Kernel.PanicMarker, output);
        Assert.Equal(1L << 40, Number(output, @"total +(\d+) frames") * 4096);
        Assert.StartsWith("allocated 1 frame", qemu.Run("pmm alloc 1", CommandTimeout));
    }

    // 1 GiB pages and 4 TiB of physical address space; Intel, so that QEMU keeps RAM contiguous above 4 GiB.
    private const string OneTerabyteCpu = "max,vendor=GenuineIntel,phys-bits=42";

    // Every usable byte is managed: no warning about unused RAM, and the frames free or allocated are the usable RAM
    // less what the kernel keeps (its image, the PMMs' metadata, the direct map's page tables: all named at boot).
    private static void AssertAllUsableRamManaged(string output, string pageSize)
    {
        Assert.DoesNotContain(Kernel.PanicMarker, output);
        Assert.DoesNotContain("left unused", output);
        Match directMap = Regex.Match(output, @"direct map: (\d+) GiB of physical address space at 0xffff800000000000 \(([^,]+), (\d+) KiB of page tables\)");
        Assert.True(directMap.Success, "no direct map line in:\n" + output);
        Assert.Equal(pageSize, directMap.Groups[2].Value);
        long tables = long.Parse(directMap.Groups[3].Value) << 10;
        long usable = Number(output, @"usable RAM: (\d+) KiB") << 10;
        Assert.True(long.Parse(directMap.Groups[1].Value) << 30 >= usable, "the direct map is smaller than the usable RAM");
        long metadata = 0;
        foreach (Match line in Regex.Matches(output, @"PMM metadata \(\w+\): +0x[0-9a-f]+ \((\d+) KiB\)"))
        {
            metadata += long.Parse(line.Groups[1].Value) << 10;
        }

        long managedUsable = (Number(output, @"free +(\d+) frames") + Number(output, @"allocated +(\d+) frames")) * 4096;
        Assert.InRange(managedUsable, usable - KernelReservedBudgetBytes - metadata - tables, usable);
    }

    private static long Number(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"'{pattern}' not found in:\n{text}");
        return long.Parse(match.Groups[1].Value);
    }
}
