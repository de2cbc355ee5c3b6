// The scheduling contract, run once per policy of the catalog with a fake clock: a ready task runs (within the
// watchdog's limit at the latest, which rescues even the deliberately broken policy), a blocked task never runs until
// woken, an exited one never again, a yield keeps a task ready, and a policy switch carries every task over exactly
// once. Then what each policy promises of its own: equal shares (rr), shares by weight (stride), CPU-bound work sinking
// and interactive work staying on top (mlfq), and the watchdog's fall-back from the broken one (starve).
namespace MeghaOS.Tests.Scheduling;

using System;
using System.Collections.Generic;
using System.Linq;
using MeghaOS.Scheduling;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SchedulerContractTests
{
    public static TheoryData<string> Policies
    {
        get
        {
            TheoryData<string> data = new();
            foreach (string name in SchedulerHarness.PolicyNames)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static TheoryData<string, string> PolicyPairs
    {
        get
        {
            TheoryData<string, string> data = new();
            foreach (string from in SchedulerHarness.PolicyNames)
            {
                foreach (string to in SchedulerHarness.PolicyNames)
                {
                    data.Add(from, to);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void EveryReadyTaskRunsWithinTheWatchdogLimit(string policy)
    {
        using var scheduler = new SchedulerHarness(policy, watchdogMilliseconds: 500);
        int[] tasks = Enumerable.Range(0, 5).Select(_ => scheduler.Spawn()).ToArray();
        scheduler.ParkKernelTask();

        Dictionary<int, int> charged = scheduler.Run(60); // 600 ms: past the watchdog's 500
        foreach (int id in tasks)
        {
            Assert.True(charged.GetValueOrDefault(id) > 0, $"task {id} never ran under {policy} ({Scheduler.PolicyName} at the end)");
        }

        Assert.Equal(0, charged.GetValueOrDefault(Scheduler.IdleTaskId));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void ABlockedTaskNeverRunsUntilWokenAndAnExitedOneNeverAgain(string policy)
    {
        using var scheduler = new SchedulerHarness(policy);
        int blocked = scheduler.Spawn(name: "blocked");
        int killed = scheduler.Spawn(name: "killed");
        int busy = scheduler.Spawn(name: "busy");
        scheduler.ParkKernelTask();
        while (Scheduler.Current->Id != blocked)
        {
            scheduler.Run(1);
        }

        scheduler.BlockCurrent();
        Assert.Equal(TaskState.Blocked, SchedulerHarness.Task(blocked)->State);
        Assert.Equal(TaskRequestStatus.Success, Scheduler.Kill(killed));
        Assert.True(SchedulerHarness.Task(killed) == null);

        Dictionary<int, int> charged = scheduler.Run(200);
        Assert.Equal(0, charged.GetValueOrDefault(blocked));
        Assert.Equal(0, charged.GetValueOrDefault(killed));
        Assert.Equal(200, charged.GetValueOrDefault(busy));

        Scheduler.WakeAll(scheduler.Parking); // wakes the kernel task too
        charged = scheduler.Run(400); // past the watchdog's limit, which rescues the broken policy too
        Assert.True(charged.GetValueOrDefault(blocked) > 0, $"the woken task never ran under {Scheduler.PolicyName}");
        Assert.Equal(0, charged.GetValueOrDefault(killed));
        Assert.Equal(TaskRequestStatus.NotFound, Scheduler.Kill(killed));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void AYieldingTaskStaysReadyAndOthersGetTheCpu(string policy)
    {
        using var scheduler = new SchedulerHarness(policy);
        int other = scheduler.Spawn();
        int kernel = Scheduler.Current->Id;

        Scheduler.Yield();

        // The yielding task stays ready (or runs again); only the deliberately broken policy keeps the CPU from others.
        int current = Scheduler.Current->Id;
        List<int> ready = scheduler.DrainReady(scheduler.Policy(Scheduler.PolicyName));
        Assert.True(current == kernel || ready.Contains(kernel));
        Assert.Equal(new[] { kernel, other }.OrderBy(id => id), ready.Append(current).OrderBy(id => id));
        if (policy != StarvingPolicy.Name)
        {
            Assert.Equal(other, current);
        }
    }

    [Theory]
    [MemberData(nameof(PolicyPairs))]
    public void SwitchingPolicyCarriesEveryTaskOverExactlyOnce(string from, string to)
    {
        using var scheduler = new SchedulerHarness(from);
        var ids = Enumerable.Range(0, 6).Select(i => scheduler.Spawn(weight: (ulong)(i + 1))).ToList();
        scheduler.Run(7);
        scheduler.BlockCurrent(); // one blocked task besides the ones ready and the one running
        List<int> readyBefore = SchedulerHarness.TasksIn(TaskState.Ready).OrderBy(id => id).ToList();
        List<int> blockedBefore = SchedulerHarness.TasksIn(TaskState.Blocked);

        Assert.True(Scheduler.SetPolicy(scheduler.Policy(to)));

        Assert.Equal(to, Scheduler.PolicyName);
        Assert.Equal(readyBefore, scheduler.DrainReady(scheduler.Policy(to)).OrderBy(id => id).ToList());
        Assert.Equal(blockedBefore, SchedulerHarness.TasksIn(TaskState.Blocked));
        if (from != to)
        {
            Assert.Empty(scheduler.DrainReady(scheduler.Policy(from))); // nothing left behind in the old policy
        }

        Scheduler.WakeAll(scheduler.Parking);
        Dictionary<int, int> charged = scheduler.Run(400);
        Assert.All(ids, id => Assert.True(charged.GetValueOrDefault(id) > 0, $"task {id} did not run after {from} -> {to}"));
    }

    [Fact]
    public void RoundRobinGivesEqualSharesWhateverTheWeights()
    {
        using var scheduler = new SchedulerHarness(RoundRobinPolicy.Name);
        int[] tasks = { scheduler.Spawn(1), scheduler.Spawn(2), scheduler.Spawn(4) };
        scheduler.ParkKernelTask();

        Dictionary<int, int> charged = scheduler.Run(600);

        Assert.All(tasks, id => Assert.InRange(charged[id], 198, 202));
    }

    [Fact]
    public void StrideGivesSharesByWeight()
    {
        using var scheduler = new SchedulerHarness(StridePolicy.Name);
        int[] tasks = { scheduler.Spawn(1), scheduler.Spawn(2), scheduler.Spawn(4) };
        scheduler.ParkKernelTask();

        Dictionary<int, int> charged = scheduler.Run(700);

        Assert.InRange(charged[tasks[0]], 98, 102);
        Assert.InRange(charged[tasks[1]], 198, 202);
        Assert.InRange(charged[tasks[2]], 398, 402);
    }

    [Fact]
    public void StrideFollowsAWeightChangeAndGivesNoCreditForSleeping()
    {
        using var scheduler = new SchedulerHarness(StridePolicy.Name);
        int a = scheduler.Spawn(1);
        int b = scheduler.Spawn(1);
        scheduler.ParkKernelTask();
        scheduler.Run(100);
        Assert.Equal(TaskRequestStatus.Success, Scheduler.SetWeight(b, 3));
        Assert.Equal(TaskRequestStatus.InvalidWeight, Scheduler.SetWeight(b, 0));
        Assert.Equal(TaskRequestStatus.InvalidWeight, Scheduler.SetWeight(b, Scheduler.MaxWeight + 1));

        Dictionary<int, int> charged = scheduler.Run(400);
        Assert.InRange(charged[a], 98, 102);
        Assert.InRange(charged[b], 298, 302);

        // A task that slept 300 ticks is not owed them: afterwards the shares are by weight again.
        while (Scheduler.Current->Id != a)
        {
            scheduler.Run(1);
        }

        Scheduler.SleepUntil(scheduler.Now + 300 * SchedulerHarness.TickNanoseconds);
        scheduler.Run(300);
        charged = scheduler.Run(400);
        Assert.InRange(charged.GetValueOrDefault(a), 95, 105);
    }

    [Fact]
    public void FeedbackQueueSinksBusyTasksAndKeepsInteractiveOnesOnTop()
    {
        using var scheduler = new SchedulerHarness(FeedbackQueuePolicy.Name);
        int busy = scheduler.Spawn(name: "busy");
        int interactive = scheduler.Spawn(name: "interactive");
        scheduler.ParkKernelTask();

        // The interactive task blocks as soon as it runs; the busy one uses every slice and sinks.
        for (int round = 0; round < 40; round++)
        {
            if (Scheduler.Current->Id == interactive)
            {
                scheduler.BlockCurrent();
            }

            scheduler.Run(1);
            if (round % 10 == 0)
            {
                Scheduler.WakeAll(scheduler.Parking);
            }
        }

        Assert.Equal(FeedbackQueuePolicy.Levels - 1, FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(busy)));
        Assert.Equal(0, FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(interactive)));

        // Woken, the interactive task runs before the busy one's next slice is over.
        while (Scheduler.Current->Id != busy)
        {
            scheduler.Run(1);
        }

        Scheduler.WakeAll(scheduler.Parking);
        Scheduler.Preempt();
        Assert.Equal(interactive, Scheduler.Current->Id);
    }

    [Fact]
    public void FeedbackQueueBoostsEveryTaskBackToTheTop()
    {
        using var scheduler = new SchedulerHarness(FeedbackQueuePolicy.Name);
        int[] tasks = { scheduler.Spawn(), scheduler.Spawn() };
        scheduler.ParkKernelTask();
        scheduler.Run(60);
        Assert.All(tasks, id => Assert.Equal(FeedbackQueuePolicy.Levels - 1, FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(id))));

        scheduler.Run((int)FeedbackQueuePolicy.BoostTicks - 60);

        Assert.All(tasks, id => Assert.True(FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(id)) <= 1));
    }

    [Fact]
    public void TheWatchdogDeclaresTheStarvingPolicyBrokenAndFallsBackToTheDefault()
    {
        using var scheduler = new SchedulerHarness(StarvingPolicy.Name, watchdogMilliseconds: 300);
        int first = scheduler.Spawn(name: "first");
        int starved = scheduler.Spawn(name: "starved");
        scheduler.ParkKernelTask();

        Dictionary<int, int> charged = scheduler.Run(20);
        Assert.Equal(0, charged.GetValueOrDefault(starved)); // broken indeed
        Assert.Equal(StarvingPolicy.Name, Scheduler.PolicyName);

        charged = scheduler.Run(30);

        Assert.Equal(SchedulerCatalog.All[0].Name, Scheduler.PolicyName);
        Assert.Equal(1UL, Scheduler.WatchdogFallbacks);
        Assert.True(charged.GetValueOrDefault(starved) > 0);
        Assert.Contains("sched: watchdog: policy 'starve' let task " + starved + " (starved) wait 3", CapturingTerminal.Text);
        Assert.Contains("ms; falling back to " + SchedulerCatalog.All[0].Name + "\n", CapturingTerminal.Text);
        Assert.True(charged.GetValueOrDefault(first) > 0);
    }

    [Fact]
    public void TheIdleTaskRunsOnlyWhenNothingIsReadyAndIsCharged()
    {
        using var scheduler = new SchedulerHarness(RoundRobinPolicy.Name);
        scheduler.ParkKernelTask();
        Assert.Equal(Scheduler.IdleTaskId, Scheduler.Current->Id);

        scheduler.Run(10);
        Assert.Equal(10UL, Scheduler.IdleTicks);

        int task = scheduler.Spawn();
        Dictionary<int, int> charged = scheduler.Run(10);
        Assert.Equal(9, charged.GetValueOrDefault(task)); // the first tick of the ten was the idle task's
        Assert.Equal(TaskRequestStatus.Protected, Scheduler.Kill(Scheduler.IdleTaskId));
        Assert.Equal(TaskRequestStatus.Protected, Scheduler.Kill(Scheduler.KernelTaskId));
    }

    [Fact]
    public void TimedSleepWakesAtItsTimeAndNotBefore()
    {
        using var scheduler = new SchedulerHarness(RoundRobinPolicy.Name);
        int sleeper = Scheduler.Current->Id;
        Scheduler.SleepUntil(scheduler.Now + 55_000_000);
        Assert.Equal(TaskState.Blocked, SchedulerHarness.Task(sleeper)->State);

        scheduler.Run(5);
        Assert.Equal(TaskState.Blocked, SchedulerHarness.Task(sleeper)->State);
        scheduler.Run(1);
        Assert.NotEqual(TaskState.Blocked, SchedulerHarness.Task(sleeper)->State);
    }

    [Fact]
    public void TheTaskTableFullIsAnErrorNotACrash()
    {
        using var scheduler = new SchedulerHarness(RoundRobinPolicy.Name);
        var ids = new List<int>();
        int id;
        while ((id = scheduler.Spawn()) >= 0)
        {
            ids.Add(id);
        }

        Assert.Equal(SchedulerHarness.Capacity - 2, ids.Count);
        Assert.Equal(TaskRequestStatus.Success, Scheduler.Kill(ids[3]));
        Assert.True(scheduler.Spawn() > ids[^1]); // the slot is reused, the id is not
        Assert.Equal(-1, Scheduler.Spawn("x"u8, 0, null, null));
    }

    [Fact]
    public void TheWatchdogAllowsTheWaitAWeightExplains()
    {
        // Under stride a task of weight 1 beside one of weight 1000 legitimately runs once in about 1000 ticks.
        using var scheduler = new SchedulerHarness(StridePolicy.Name, watchdogMilliseconds: 500);
        int light = scheduler.Spawn(1);
        int heavy = scheduler.Spawn(1000);
        scheduler.ParkKernelTask();

        Dictionary<int, int> charged = scheduler.Run(3000);

        Assert.Equal(StridePolicy.Name, Scheduler.PolicyName);
        Assert.Equal(0UL, Scheduler.WatchdogFallbacks);
        Assert.InRange(charged[light], 2, 4);
        Assert.True(charged[heavy] > 2990);
    }

    [Fact]
    public void AWaitUnderTheOldPolicyDoesNotCountAgainstTheNewOne()
    {
        using var scheduler = new SchedulerHarness(StarvingPolicy.Name, watchdogMilliseconds: 300);
        scheduler.Spawn();
        scheduler.Spawn();
        scheduler.ParkKernelTask();
        scheduler.Run(25); // one task has waited 250 ms under starve

        Assert.True(Scheduler.SetPolicy(scheduler.Policy(StridePolicy.Name)));
        scheduler.Run(10);

        Assert.Equal(StridePolicy.Name, Scheduler.PolicyName);
        Assert.Equal(0UL, Scheduler.WatchdogFallbacks);
    }

    [Fact]
    public void FeedbackQueueBoostReachesATaskThatWasBlockedThroughIt()
    {
        using var scheduler = new SchedulerHarness(FeedbackQueuePolicy.Name);
        int sleeper = scheduler.Spawn(name: "sleeper");
        int busy = scheduler.Spawn(name: "busy");
        scheduler.ParkKernelTask();
        scheduler.Run(40); // both sink to the bottom
        Assert.Equal(FeedbackQueuePolicy.Levels - 1, FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(sleeper)));
        while (Scheduler.Current->Id != sleeper)
        {
            scheduler.Run(1);
        }

        Scheduler.SleepUntil(scheduler.Now + 150 * SchedulerHarness.TickNanoseconds); // sleeps through a boost
        scheduler.Run(140);
        Assert.Equal(TaskState.Blocked, SchedulerHarness.Task(sleeper)->State);

        scheduler.Run(11);

        Assert.NotEqual(TaskState.Blocked, SchedulerHarness.Task(sleeper)->State);
        Assert.True(FeedbackQueuePolicy.LevelOf(SchedulerHarness.Task(sleeper)) <= 1, "the boost missed the sleeping task");
        Assert.True(SchedulerHarness.Task(busy) != null);
    }
}
