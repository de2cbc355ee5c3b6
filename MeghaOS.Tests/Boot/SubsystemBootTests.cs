// End to end in QEMU: the Multiboot command line (-append) picks subsystem implementations at boot, unknown names
// give one warning each and keep the defaults, and the kernel keeps answering. One boot per command line.
namespace MeghaOS.Tests.Boot;

using System;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class SubsystemBootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void TheCommandLinePicksEverySubsystemAndEachSwitchesAtRunTime()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "pmm=buddy heap=slab console=serial timer=tsc");
        int prompt = qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string boot = qemu.Output.Substring(0, prompt);
        Assert.Contains("boot option pmm=buddy: active\n", boot);
        Assert.Contains("boot option heap=slab: active\n", boot);
        Assert.Contains("boot option console=serial: active\n", boot);
        Assert.Contains("boot option timer=tsc: active\n", boot);
        Assert.DoesNotContain("warning:", boot);

        Assert.Equal(CatalogText.PmmList("buddy"), qemu.Run("cat /sys/pmm/implementation", CommandTimeout));
        Assert.Equal(CatalogText.ImplementationList(CatalogText.HeapNames, "slab"), qemu.Run("cat /sys/heap/implementation", CommandTimeout));
        string consoles = qemu.Run("cat /sys/console/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(consoles, "serial"), consoles);
        string timers = qemu.Run("cat /sys/timer/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(timers, "tsc"), timers);
        Assert.Matches(@"^active tsc\nactive_hz [1-9][0-9]{6,}\npit 100\ntsc [1-9][0-9]{6,}\n$", qemu.Run("cat /sys/timer/frequency", CommandTimeout));
        Assert.StartsWith("implementation slab\n", qemu.Run("cat /sys/heap/stats", CommandTimeout));

        // Switch every subsystem at run time; the shell keeps working after each, and a file written before survives.
        Assert.Equal("", qemu.Run("echo kept > /note", CommandTimeout));
        double before = Uptime(qemu.Run("uptime", CommandTimeout));
        Assert.Equal("", qemu.Run("sleep 200", CommandTimeout));
        Assert.Equal("", qemu.Run("echo pit > /sys/timer/implementation", CommandTimeout));
        double after = Uptime(qemu.Run("uptime", CommandTimeout));
        Assert.True(after >= before + 0.2, $"uptime went from {before} to {after} across sleep 200 and a switch");
        Assert.Equal("", qemu.Run("echo freelist > /sys/heap/implementation", CommandTimeout));
        Assert.Equal("", qemu.Run("echo bitmap > /sys/pmm/implementation", CommandTimeout));
        Assert.Equal("kept\n", qemu.Run("cat /note", CommandTimeout));
        Assert.Contains("slab.blocks_in_use", qemu.Run("cat /sys/heap/stats", CommandTimeout));

        // Bad names: an error, nothing changes.
        Assert.Contains("invalid argument", qemu.Run("echo nope > /sys/heap/implementation", CommandTimeout));
        Assert.Contains("invalid argument", qemu.Run("echo hpet > /sys/timer/implementation", CommandTimeout));
        Assert.Contains("invalid argument", qemu.Run("echo printer > /sys/console/implementation", CommandTimeout));
        Assert.Equal(CatalogText.ImplementationList(CatalogText.HeapNames, "freelist"), qemu.Run("cat /sys/heap/implementation", CommandTimeout));

        // Console to vga: serial shows nothing more until it is switched back (typed blind over serial).
        qemu.SendLine("echo vga > /sys/console/implementation");
        qemu.WaitFor("echo vga > /sys/console/implementation\n", CommandTimeout);
        System.Threading.Thread.Sleep(300);
        int silentFrom = qemu.Output.Length;
        qemu.SendLine("cat /sys/console/implementation");
        qemu.SendLine("echo both > /sys/console/implementation");
        string back = qemu.Run("cat /sys/console/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(consoles, "both"), back);
        Assert.DoesNotContain(CatalogText.WithActive(consoles, "vga"), qemu.Output.Substring(silentFrom));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    private static double Uptime(string line)
    {
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(line, @"^up ([0-9]+\.[0-9]{3}) s");
        Assert.True(match.Success, line);
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void UnknownNamesWarnAndKeepTheDefaults()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "pmm=nope heap=slab2 console= timer=hpet bogus=1 heap=freelist");
        int prompt = qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string boot = qemu.Output.Substring(0, prompt);
        Assert.Contains("warning: boot option pmm=nope: no such implementation, keeping " + CatalogText.DefaultPmm + "\n", boot);
        Assert.Contains("warning: boot option heap=slab2: no such implementation, keeping " + CatalogText.HeapNames[0] + "\n", boot);
        Assert.Contains("warning: boot option console=: no such implementation, keeping both\n", boot);
        Assert.Contains("warning: boot option timer=hpet: no such implementation, keeping pit\n", boot);
        Assert.Contains("warning: boot option bogus=1: unknown option, ignored\n", boot);
        Assert.Contains("boot option heap=freelist: active\n", boot);

        Assert.Equal(CatalogText.ImplementationList(CatalogText.HeapNames, CatalogText.HeapNames[0]), qemu.Run("cat /sys/heap/implementation", CommandTimeout));
        string consoles = qemu.Run("cat /sys/console/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(consoles, "both"), consoles);
        string timers = qemu.Run("cat /sys/timer/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(timers, "pit"), timers);
        Assert.Equal(CatalogText.PmmList(CatalogText.DefaultPmm), qemu.Run("cat /sys/pmm/implementation", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void AnUnsafeSwitchIsRefusedAndChangesNothing()
    {
        // A CPU without a time-stamp counter: the "tsc" source stays registered with frequency 0, so choosing it at
        // boot or at run time is refused, and the PIT keeps the time.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "timer=tsc", cpu: "qemu64,-tsc");
        int prompt = qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string boot = qemu.Output.Substring(0, prompt);
        Assert.Contains("warning: boot option timer=tsc: the switch was refused, keeping pit\n", boot);

        Assert.Matches(@"^active pit\nactive_hz 100\npit 100\ntsc 0\n$", qemu.Run("cat /sys/timer/frequency", CommandTimeout));
        Assert.Contains("request refused, nothing changed", qemu.Run("echo tsc > /sys/timer/implementation", CommandTimeout));
        string timers = qemu.Run("cat /sys/timer/implementation", CommandTimeout);
        Assert.Equal(CatalogText.WithActive(timers, "pit"), timers);
        double before = Uptime(qemu.Run("uptime", CommandTimeout));
        Assert.Equal("", qemu.Run("sleep 100", CommandTimeout));
        Assert.True(Uptime(qemu.Run("uptime", CommandTimeout)) >= before + 0.1);
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }
}
