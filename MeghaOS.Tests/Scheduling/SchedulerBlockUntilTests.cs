// Scheduler.BlockUntil, the wait with a timeout that poll uses: the task waits on its queue and leaves it either when
// the queue is woken or when a tick finds its deadline passed; the other tasks on that queue stay.
namespace MeghaOS.Tests.Scheduling;

using MeghaOS.Scheduling;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SchedulerBlockUntilTests
{
    [Fact]
    public void ATickPastTheDeadlineTakesTheTaskOffItsQueue()
    {
        using var harness = new SchedulerHarness(SchedulerHarness.PolicyNames[0]);
        harness.Spawn();
        harness.Spawn();
        harness.ParkKernelTask();
        int waiting = Scheduler.Current->Id;
        Scheduler.BlockUntil(harness.Parking, harness.Now + 3 * SchedulerHarness.TickNanoseconds);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(waiting)->State);

        harness.Run(2);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(waiting)->State);
        harness.Run(1);
        Assert.NotEqual(TaskState.Blocked, Scheduler.Find(waiting)->State);
        Assert.True(Scheduler.Find(waiting)->WaitQueue == null);
        Assert.Equal(0UL, Scheduler.Find(waiting)->WakeAtNanoseconds);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(Scheduler.KernelTaskId)->State);
        Assert.False(harness.Parking->IsEmpty);
    }

    [Fact]
    public void AWakeBeforeTheDeadlineEndsTheWaitAndClearsIt()
    {
        using var harness = new SchedulerHarness(SchedulerHarness.PolicyNames[0]);
        harness.Spawn();
        harness.Spawn();
        harness.ParkKernelTask();
        int waiting = Scheduler.Current->Id;
        Scheduler.BlockUntil(harness.Parking, harness.Now + 100 * SchedulerHarness.TickNanoseconds);
        Scheduler.WakeAll(harness.Parking);
        Assert.Equal(TaskState.Ready, Scheduler.Find(waiting)->State);
        Assert.Equal(0UL, Scheduler.Find(waiting)->WakeAtNanoseconds);
        Assert.True(harness.Parking->IsEmpty);
        harness.Run(200);
        Assert.NotEqual(TaskState.Blocked, Scheduler.Find(waiting)->State);
    }
}
