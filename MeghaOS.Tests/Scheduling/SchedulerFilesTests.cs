// The scheduler as a user sees it, on the host: /sys/sched/implementation lists and switches the catalog's policies,
// /sys/sched/stats, tasks, watchdog_ms and weight show and change what they document, and the shell's ps, kill and
// spin work and refuse bad input with one line each, changing nothing.
namespace MeghaOS.Tests.Scheduling;

using System;
using System.Linq;
using System.Runtime.InteropServices;
using MeghaOS.Processes;
using MeghaOS.Scheduling;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SchedulerFilesTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness(scheduler: true);

    public void Dispose() => _kernel.Dispose();

    private static string Run(string line) => KernelHarness.Run(line);

    [Fact]
    public void ImplementationListsTheCatalogAndSwitchesWithEveryTaskKept()
    {
        string[] names = SchedulerHarness.PolicyNames;
        Assert.Equal(CatalogText.ImplementationList(names, names[0]), KernelHarness.ReadText("/sys/sched/implementation"));
        Run("spin 3 5");

        foreach (string name in names.Skip(1).Append(names[0]))
        {
            Assert.Equal("", Run("echo " + name + " > /sys/sched/implementation"));
            Assert.Equal(CatalogText.ImplementationList(names, name), KernelHarness.ReadText("/sys/sched/implementation"));
            Assert.Equal(5, KernelHarness.ReadText("/sys/sched/tasks").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        }

        Assert.Equal("echo: /sys/sched/implementation: invalid argument\n", Run("echo fifo > /sys/sched/implementation"));
        Assert.Equal(names[0], Scheduler.PolicyName);
    }

    [Fact]
    public void SpinPsAndKill()
    {
        Assert.Equal("started task 2 (spin, weight 4)\nstarted task 3 (spin, weight 4)\n", Run("spin 2 4"));
        string ps = Run("ps");
        Assert.Equal(KernelHarness.ReadText("/sys/sched/tasks"), ps);
        Assert.StartsWith("   ID PARENT STATE   WEIGHT   CPU_MS SWITCHES NAME\n", ps);
        Assert.Matches(@"\n    2      1 ready        4        0        0 spin\n", ps);
        Assert.Matches(@"\n    1      0 running     10 +\d+ +\d+ kernel\n", ps);

        Assert.Equal("killed task 2\n", Run("kill 2"));
        Assert.DoesNotContain(" 2      1 ", Run("ps"));
        Assert.Equal("kill: no such task\n", Run("kill 2"));
        Assert.Equal("kill: the idle and kernel tasks cannot be killed\n", Run("kill 1"));
        Assert.Equal("kill: the idle and kernel tasks cannot be killed\n", Run("kill 0"));
        Assert.Equal("kill: usage: kill ID (a task id from ps)\n", Run("kill x"));
        Assert.Equal("kill: usage: kill ID (a task id from ps)\n", Run("kill"));
    }

    // The shell's kill of a user program's thread goes through the process table: SIGKILL becomes pending (the thread
    // ends itself when it next leaves the kernel) instead of the scheduler ending the thread and leaving its process
    // alive with no thread, its memory and descriptors held and its parent waiting for ever.
    [Fact]
    public void KillOfAUserThreadSendsItsProcessSigkill()
    {
        Process* table = (Process*)NativeMemory.AllocZeroed((nuint)(sizeof(Process) * 2));
        try
        {
            ProcessTable.Initialize(table, 2, 2, 64, default, default, default);
            Run("spin 1");
            table[0].Id = 5;
            table[0].State = ProcessState.Alive;
            table[0].ThreadId = 2;
            Scheduler.Find(2)->Process = &table[0];

            Assert.Equal("sent SIGKILL to process 5\n", Run("kill 2"));
            Assert.Equal(MeghaOS.Syscalls.SyscallFlags.SignalKill, table[0].PendingSignal);
            Assert.Equal(ProcessState.Alive, table[0].State);
            Assert.True(Scheduler.Find(2) != null); // the thread was not ended from outside

            table[0].Id = ProcessTable.InitId;
            Assert.Equal("kill: init (process 1) cannot be killed\n", Run("kill 2"));
            table[0].State = ProcessState.Unused;
            Assert.Equal("kill: the task's process has already ended\n", Run("kill 2"));
        }
        finally
        {
            ProcessTable.Reset();
            NativeMemory.Free(table);
        }
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("spin 0")]
    [InlineData("spin 33")]
    [InlineData("spin 2 0")]
    [InlineData("spin 2 1001")]
    [InlineData("spin two")]
    [InlineData("spin 1 2 3")]
    public void BadSpinIsOneLineAndStartsNothing(string line)
    {
        Assert.Equal("spin: usage: spin COUNT [WEIGHT] (COUNT 1 to 32, WEIGHT 1 to 1000)\n", Run(line));
        Assert.Equal(1, Scheduler.CountIn(TaskState.Running) + Scheduler.CountIn(TaskState.Ready));
    }

    [Fact]
    public void AFullTaskTableIsSaid()
    {
        string output = Run("spin 32");
        Assert.EndsWith("spin: no room for another task (the task table or memory is full)\n", output);
        Assert.Equal(KernelHarness.SchedulerTasks - 2, output.Split('\n').Count(line => line.StartsWith("started task")));
    }

    [Fact]
    public void WeightFileShowsAndChangesWeights()
    {
        Run("spin 1 3");
        Assert.Equal("1 10\n2 3\n", KernelHarness.ReadText("/sys/sched/weight"));
        Assert.Equal("", Run("echo 2 7 > /sys/sched/weight"));
        Assert.Equal("1 10\n2 7\n", KernelHarness.ReadText("/sys/sched/weight"));
        foreach (string bad in new[] { "2 0", "2 1001", "9 5", "2", "x 5", "2 five", "" })
        {
            Assert.Equal("echo: /sys/sched/weight: invalid argument\n", Run("echo " + bad + " > /sys/sched/weight"));
        }

        Assert.Equal("1 10\n2 7\n", KernelHarness.ReadText("/sys/sched/weight"));
    }

    [Fact]
    public void WatchdogFileShowsAndChangesTheLimit()
    {
        Assert.Equal("2000\n", KernelHarness.ReadText("/sys/sched/watchdog_ms"));
        Assert.Equal("", Run("echo 500 > /sys/sched/watchdog_ms"));
        Assert.Equal("500\n", KernelHarness.ReadText("/sys/sched/watchdog_ms"));
        Assert.Equal("echo: /sys/sched/watchdog_ms: invalid argument\n", Run("echo 60001 > /sys/sched/watchdog_ms"));
        Assert.Equal("echo: /sys/sched/watchdog_ms: invalid argument\n", Run("echo soon > /sys/sched/watchdog_ms"));
        Assert.Equal("500\n", KernelHarness.ReadText("/sys/sched/watchdog_ms"));
    }

    [Fact]
    public void StatsHasOneKeyValuePerLine()
    {
        Run("spin 2");
        Assert.Matches(
            "^policy " + SchedulerHarness.PolicyNames[0] + "\ncontext_switches 0\nticks 0\nidle_ticks 0\ntick_ns 10000000\n" +
            "ready 2\nblocked 0\ntasks 3\nwatchdog_ms 2000\nwatchdog_fallbacks 0\n$",
            KernelHarness.ReadText("/sys/sched/stats"));
    }
}
