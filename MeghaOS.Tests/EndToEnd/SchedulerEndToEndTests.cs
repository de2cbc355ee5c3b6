// The scheduler in QEMU: CPU-bound tasks started with spin share the CPU by weight under stride and equally under
// round-robin (measured from /sys/sched/tasks over a few seconds), the shell keeps answering while they run, switching
// the policy every 100 ms for 30 s under load loses no task, the deliberately broken policy is caught by the watchdog,
// and an idle guest halts (QEMU uses little host CPU). Each test boots its own kernel: tasks are not undone.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using MeghaOS.Tests.Support;
using Xunit;
using Xunit.Abstractions;

[Collection("QEMU")]
public sealed class SchedulerEndToEndTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly ITestOutputHelper _log;

    public SchedulerEndToEndTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void StrideSharesFollowTheWeightsAndRoundRobinSharesEqually()
    {
        using QemuSession qemu = Boot("sched=stride");
        Assert.Equal("started task 2 (spin, weight 1)\n", qemu.Run("spin 1 1", CommandTimeout));
        Assert.Equal("started task 3 (spin, weight 2)\n", qemu.Run("spin 1 2", CommandTimeout));
        Assert.Equal("started task 4 (spin, weight 4)\n", qemu.Run("spin 1 4", CommandTimeout));

        double[] stride = Shares(qemu, new[] { 2, 3, 4 });
        _log.WriteLine("stride shares: " + string.Join(" ", stride.Select(share => share.ToString("F3", CultureInfo.InvariantCulture))));
        Assert.InRange(stride[0], 1 / 7.0 - 0.05, 1 / 7.0 + 0.05);
        Assert.InRange(stride[1], 2 / 7.0 - 0.05, 2 / 7.0 + 0.05);
        Assert.InRange(stride[2], 4 / 7.0 - 0.05, 4 / 7.0 + 0.05);

        Assert.Equal("", qemu.Run("echo rr > /sys/sched/implementation", CommandTimeout));
        double[] roundRobin = Shares(qemu, new[] { 2, 3, 4 });
        _log.WriteLine("rr shares: " + string.Join(" ", roundRobin.Select(share => share.ToString("F3", CultureInfo.InvariantCulture))));
        Assert.All(roundRobin, share => Assert.InRange(share, 1 / 3.0 - 0.05, 1 / 3.0 + 0.05));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void TheShellAnswersWhileFourBusyTasksRunAndKillEndsThem()
    {
        using QemuSession qemu = Boot(null);
        qemu.Run("spin 4", CommandTimeout);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("round " + i + "\n", qemu.Run("echo round " + i, CommandTimeout));
        }

        _log.WriteLine($"10 commands answered in {clock.ElapsedMilliseconds} ms with 4 busy tasks");
        for (int id = 2; id <= 5; id++)
        {
            Assert.Equal("killed task " + id + "\n", qemu.Run("kill " + id, CommandTimeout));
        }

        Assert.Equal(2, Tasks(qemu.Run("ps", CommandTimeout)).Count);
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void SwitchingThePolicyEvery100MsFor30SecondsUnderLoadLosesNothing()
    {
        using QemuSession qemu = Boot(null);
        qemu.Run("spin 2 1", CommandTimeout);
        qemu.Run("spin 2 5", CommandTimeout);
        string[] policies = CatalogText.ImplementationList(SchedulerHarnessNames(), "").Trim().Split(' ')
            .Where(name => name != "starve").ToArray();
        Dictionary<int, Task> before = Tasks(qemu.Run("ps", CommandTimeout));
        var clock = Stopwatch.StartNew();
        int switches = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            long due = switches * 100L;
            string policy = policies[switches % policies.Length];
            Assert.Equal("", qemu.Run("echo " + policy + " > /sys/sched/implementation", CommandTimeout));
            switches++;
            long wait = due + 100 - clock.ElapsedMilliseconds;
            if (wait > 0)
            {
                System.Threading.Thread.Sleep((int)wait);
            }
        }

        _log.WriteLine($"{switches} policy switches in {clock.ElapsedMilliseconds} ms");
        Assert.True(switches >= 100, $"only {switches} switches in 30 s");
        Dictionary<int, Task> after = Tasks(qemu.Run("ps", CommandTimeout));
        Assert.Equal(before.Keys.OrderBy(id => id), after.Keys.OrderBy(id => id));
        foreach (int id in new[] { 2, 3, 4, 5 })
        {
            Assert.True(after[id].CpuMilliseconds > before[id].CpuMilliseconds + 100, $"task {id} made no progress: {before[id].CpuMilliseconds} -> {after[id].CpuMilliseconds} ms");
        }

        Assert.All(new[] { 2, 3, 4, 5 }, id => Assert.Contains(after[id].State, new[] { "ready", "running" }));
        Assert.Matches(@"\nwatchdog_fallbacks 0\n", qemu.Run("cat /sys/sched/stats", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void TheWatchdogCatchesTheBrokenPolicyAndFallsBack()
    {
        using QemuSession qemu = Boot(null);
        Assert.Equal("", qemu.Run("echo 500 > /sys/sched/watchdog_ms", CommandTimeout));
        qemu.Run("spin 2", CommandTimeout);
        int from = qemu.Output.Length;
        Assert.Equal("", qemu.Run("echo starve > /sys/sched/implementation", CommandTimeout));

        qemu.WaitFor("ms; falling back to rr\n", CommandTimeout, from);

        Assert.Matches(@"sched: watchdog: policy 'starve' let task 3 \(spin\) wait [0-9]+ ms; falling back to rr\n", qemu.Output.Substring(from));
        Assert.StartsWith("[rr] ", qemu.Run("cat /sys/sched/implementation", CommandTimeout));
        Assert.Matches(@"\nwatchdog_fallbacks 1\n", qemu.Run("cat /sys/sched/stats", CommandTimeout));
        Assert.Equal("still here\n", qemu.Run("echo still here", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void AnIdleGuestHaltsAndSleepLetsOtherTasksRun()
    {
        using QemuSession qemu = Boot(null);
        qemu.Run("sleep 500", CommandTimeout); // past boot's work
        TimeSpan cpuBefore = qemu.ProcessorTime;
        var clock = Stopwatch.StartNew();
        System.Threading.Thread.Sleep(3000);
        double busy = (qemu.ProcessorTime - cpuBefore).TotalMilliseconds / clock.Elapsed.TotalMilliseconds;
        _log.WriteLine($"QEMU used {busy:P0} of a host CPU while the guest was idle");
        Assert.True(busy < 0.5, $"QEMU used {busy:P0} of a host CPU while idle: the idle task does not halt");
        Assert.Matches(@"\nidle_ticks [1-9][0-9]*\n", qemu.Run("cat /sys/sched/stats", CommandTimeout));

        // While the shell sleeps (blocked), a spin task gets the CPU.
        qemu.Run("spin 1", CommandTimeout);
        int before = Tasks(qemu.Run("ps", CommandTimeout))[2].CpuMilliseconds;
        qemu.Run("sleep 1000", CommandTimeout);
        int after = Tasks(qemu.Run("ps", CommandTimeout))[2].CpuMilliseconds;
        Assert.True(after - before >= 800, $"the spin task ran {after - before} ms of the shell's 1000 ms sleep");
    }

    private static string[] SchedulerHarnessNames() =>
        MeghaOS.Tests.Scheduling.SchedulerHarness.PolicyNames;

    private static QemuSession Boot(string? commandLine)
    {
        QemuSession qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: commandLine);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        return qemu;
    }

    // The spin tasks' shares of the CPU over about three seconds, from two readings of ps around a sleep (the shell
    // blocks meanwhile, so only they compete).
    private static double[] Shares(QemuSession qemu, int[] ids)
    {
        Dictionary<int, Task> first = Tasks(qemu.Run("ps", CommandTimeout));
        qemu.Run("sleep 3000", CommandTimeout);
        Dictionary<int, Task> second = Tasks(qemu.Run("ps", CommandTimeout));
        double[] ran = ids.Select(id => (double)(second[id].CpuMilliseconds - first[id].CpuMilliseconds)).ToArray();
        double total = ran.Sum();
        Assert.True(total > 1000, $"the spin tasks ran only {total} ms in 3 s");
        return ran.Select(value => value / total).ToArray();
    }

    private readonly record struct Task(int Id, string State, int Weight, int CpuMilliseconds, string Name);

    private static Dictionary<int, Task> Tasks(string ps)
    {
        var tasks = new Dictionary<int, Task>();
        foreach (Match row in Regex.Matches(ps, @"(?m)^ +(\d+) +(\d+) (\w+) +(\d+) +(\d+) +(\d+) (\S+)$"))
        {
            int id = int.Parse(row.Groups[1].Value);
            tasks[id] = new Task(id, row.Groups[3].Value, int.Parse(row.Groups[4].Value), int.Parse(row.Groups[5].Value), row.Groups[7].Value);
        }

        return tasks;
    }
}
