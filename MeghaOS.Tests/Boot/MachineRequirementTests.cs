// End to end in QEMU: a machine the kernel cannot run on says so, on serial and on the VGA screen, and halts without
// resetting: too little RAM (-m 1M, where the kernel's link address is not even RAM, and 1600K, where the kernel
// would run into the RAM QEMU's firmware reserves at the top), a CPU without long mode or SSE2 (-cpu 486,
// qemu64,-lm, qemu64,-sse,-sse2). And the RAM the message asks for is enough: the kernel boots to a working shell.
namespace MeghaOS.Tests.Boot;

using System;
using System.Text.RegularExpressions;
using MeghaOS.Tests.EndToEnd;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class MachineRequirementTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Waits for the message and "System halted.", checks the screen shows the same message and that QEMU still runs
    // (with -no-reboot a reset or triple fault would end it); returns what serial showed.
    private static string Refused(QemuSession qemu, string message)
    {
        qemu.WaitFor("System halted.", Timeout);
        string serial = qemu.Output;
        Assert.Contains(message, serial);
        Assert.DoesNotContain(Kernel.Banner, serial);
        string screen = string.Join("\n", ShellTranscript.DecodeVgaText(qemu.Monitor("xp /2000hx 0xb8000", Timeout)));
        Assert.Contains(message, screen);
        Assert.Contains("System halted.", screen);
        System.Threading.Thread.Sleep(500);
        Assert.True(qemu.IsRunning, "QEMU exited: the machine reset or triple-faulted instead of halting");
        return serial;
    }

    [Theory]
    [InlineData("1M", 1024)]
    [InlineData("1600K", 1472)]
    public void TooLittleRamSaysHowMuchIsNeeded(string memory, int usable)
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, withMonitor: true, memory: memory);
        string serial = Refused(qemu, "this machine has " + usable + " KiB\n");
        Match needed = Regex.Match(serial, @"MeghaOS needs at least (\d+) KiB of RAM; this machine has (\d+) KiB\n" +
            @"\(the kernel must lie in usable RAM from 1024 KiB to (\d+) KiB; usable RAM from 1024 KiB ends at (\d+) KiB\)");
        Assert.True(needed.Success, serial);
        Assert.Equal(needed.Groups[1].Value, needed.Groups[3].Value);
        Assert.Equal(needed.Groups[2].Value, needed.Groups[4].Value);
        Assert.InRange(int.Parse(needed.Groups[1].Value), 1100, 4096);
    }

    [Fact]
    public void TheRamTheMessageAsksForIsEnough()
    {
        int needed;
        using (var small = QemuSession.Start(BootMedium.Kernel, memory: "1M"))
        {
            small.WaitFor("System halted.", Timeout);
            needed = int.Parse(Regex.Match(small.Output, @"needs at least (\d+) KiB").Groups[1].Value);
        }

        // QEMU's firmware keeps the top 128 KiB of RAM for itself.
        using var qemu = QemuSession.Start(BootMedium.Kernel, memory: (needed + 128) + "K");
        qemu.WaitFor(Kernel.Prompt, Timeout);
        Assert.Equal("", qemu.Run("echo fits > /f", Timeout));
        Assert.Equal("fits\n", qemu.Run("cat /f", Timeout));
        Assert.Matches(ShellTranscript.ConsistentPattern(CatalogText.DefaultPmm), qemu.Run("pmm check", Timeout));
    }

    [Theory]
    [InlineData("486", "msr pae cx8 cmov fxsr sse sse2 lm")]
    [InlineData("qemu64,-lm", "lm")]
    [InlineData("qemu64,-sse,-sse2", "sse sse2")]
    public void ACpuWithoutLongModeOrSse2SaysWhatItLacks(string cpu, string missing)
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, withMonitor: true, cpu: cpu);
        Refused(qemu, "MeghaOS needs an x86-64 CPU; this CPU lacks: " + missing + "\n");
    }
}
