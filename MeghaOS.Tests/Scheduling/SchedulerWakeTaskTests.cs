// Scheduler.WakeTask, which a signal uses to reach one blocked process: only that task leaves its queue and becomes
// ready; the others on the same queue stay blocked.
namespace MeghaOS.Tests.Scheduling;

using MeghaOS.Scheduling;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SchedulerWakeTaskTests
{
    [Fact]
    public void WakesOnlyTheTaskNamed()
    {
        using var harness = new SchedulerHarness(SchedulerHarness.PolicyNames[0]);
        harness.Spawn();
        harness.Spawn();
        harness.ParkKernelTask();
        int blocked = Scheduler.Current->Id;
        harness.BlockCurrent();
        Assert.Equal(TaskState.Blocked, Scheduler.Find(blocked)->State);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(Scheduler.KernelTaskId)->State);

        Assert.True(Scheduler.WakeTask(blocked));
        Assert.Equal(TaskState.Ready, Scheduler.Find(blocked)->State);
        Assert.True(Scheduler.Find(blocked)->WaitQueue == null);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(Scheduler.KernelTaskId)->State);
        Assert.False(harness.Parking->IsEmpty);
        Assert.True(Scheduler.NeedsReschedule);

        Assert.False(Scheduler.WakeTask(blocked)); // not blocked any more
        Assert.False(Scheduler.WakeTask(9999));
        Assert.True(Scheduler.WakeTask(Scheduler.KernelTaskId));
        Assert.True(harness.Parking->IsEmpty);
    }
}
