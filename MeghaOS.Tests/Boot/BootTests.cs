// Boot tests: the built kernel boots in QEMU (with -kernel and from the GRUB ISO), prints its banner and the PMM
// figures matching the RAM QEMU was given, answers `mem` over serial without allocating per command, reports bad
// input, and `panic` ends in the panic message with QEMU still running (no reboot, no triple fault).
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

    // What the kernel keeps from usable RAM for itself: the image with its page tables, stacks and boot arena
    // (under 1 MiB), the Multiboot structures (2 frames) and the PMM metadata (about 4 bits per frame, below
    // 1 MiB up to 8 GiB). Documented in docs/kernel.md.
    private const long KernelReservedBudgetBytes = 3L << 20;

    [Theory]
    [InlineData(32)]
    [InlineData(512)]
    [InlineData(5 * 1024)]
    public void PmmFiguresMatchTheMemoryQemuWasGiven(int memoryMegabytes)
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, memoryMegabytes);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string output = qemu.Output;
        Assert.Contains(Kernel.Banner, output);

        long given = (long)memoryMegabytes << 20;
        long usable = Number(output, @"usable RAM: (\d+) KiB") << 10;
        // QEMU's firmware keeps the 384 KiB below 1 MiB and a few pages at the top of low memory.
        Assert.InRange(usable, given - (1L << 20), given);

        long total = Number(output, @"total frames: +(\d+)");
        long free = Number(output, @"free frames: +(\d+)");
        long reserved = Number(output, @"reserved frames: +(\d+)");
        long allocated = Number(output, @"allocated frames: +(\d+)");
        Assert.Equal(total, free + reserved + allocated);
        long managedUsable = (free + allocated) * 4096;
        Assert.InRange(managedUsable, usable - KernelReservedBudgetBytes, usable);
        // Total covers frame 0 to the end of the highest usable RAM, so it includes the PCI hole below 4 GiB.
        Assert.True(total * 4096 >= usable, $"total frames {total} below usable RAM {usable}");
    }

    [Fact]
    public void BootsFromTheIsoAndAnswersMem()
    {
        using var qemu = QemuSession.Start(BootMedium.Iso, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string mem = qemu.Run("mem", CommandTimeout);
        Assert.Contains("pmm: bitmap", mem);
        Assert.Matches(@"free frames: +\d+", mem);
    }

    [Fact]
    public void MemAnswersOverSerialAndAllocatesNothingPerCommand()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string first = qemu.Run("mem", CommandTimeout);
        for (int i = 0; i < 5; i++)
        {
            qemu.Run("help", CommandTimeout);
            qemu.Run("no-such-command", CommandTimeout);
        }

        string last = qemu.Run("mem", CommandTimeout);
        Assert.Contains("heap: freelist", first);
        Assert.Equal(Number(first, @"managed objects: (\d+)"), Number(last, @"managed objects: (\d+)"));
        Assert.Equal(Number(first, @"allocated frames: +(\d+)"), Number(last, @"allocated frames: +(\d+)"));
    }

    [Fact]
    public void BadInputGetsAnErrorAndThePromptComesBack()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Contains("error: unknown command 'frobnicate'", qemu.Run("frobnicate", CommandTimeout));
        string longLine = new string('x', 300);
        int start = qemu.Output.Length;
        qemu.SendLine(longLine);
        int error = qemu.WaitFor("error: line too long", CommandTimeout, start);
        qemu.WaitFor(Kernel.Prompt, CommandTimeout, error);
        Assert.Contains("commands:", qemu.Run("help", CommandTimeout));
    }

    [Fact]
    public void PanicPrintsTheFaultAndHaltsWithoutRebooting()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        qemu.SendLine("panic");
        int end = qemu.WaitFor("System halted.", CommandTimeout);
        string output = qemu.Output;
        Assert.Contains(Kernel.PanicMarker + "CPU exception 14: page fault", output);
        Assert.Matches(@"vector=14 error=0x[0-9a-f]{16}", output);
        Assert.Matches(@"RIP=0x[0-9a-f]{16}", output);
        Assert.Contains("CR2=0x0000000000000000", output);

        // -no-reboot makes QEMU exit on a reset or triple fault; a halted kernel keeps it running, silently.
        System.Threading.Thread.Sleep(1500);
        Assert.True(qemu.IsRunning, "QEMU exited: the kernel reset or triple-faulted instead of halting");
        Assert.Single(Regex.Matches(qemu.Output, Regex.Escape(Kernel.Banner)));
        Assert.Equal(end, qemu.Output.TrimEnd().Length);
    }

    private static long Number(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"'{pattern}' not found in:\n{text}");
        return long.Parse(match.Groups[1].Value);
    }
}
