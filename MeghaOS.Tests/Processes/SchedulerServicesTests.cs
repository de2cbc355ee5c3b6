// The kernel's ProcessServices over the real scheduler (on the host, with no machine): the current process is the
// running task's Process, the scheduler learns a thread's new address space, and a signal wakes only the thread it
// is for.
namespace MeghaOS.Tests.Processes;

using System;
using MeghaOS.Processes;
using MeghaOS.Scheduling;
using MeghaOS.Tests.Scheduling;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SchedulerServicesTests
{
    [Fact]
    public void CurrentAddressSpaceAndInterrupt()
    {
        using var harness = new SchedulerHarness(SchedulerHarness.PolicyNames[0]);
        ProcessServices services = SchedulerServices.Create();
        Process process = default;
        Assert.True(services.Current() == null);
        Scheduler.Current->Process = &process;
        Assert.True(services.Current() == &process);
        Scheduler.Current->Process = null;

        int thread = harness.Spawn();
        services.SetAddressSpace(thread, 0x5000);
        Assert.Equal(0x5000UL, Scheduler.Find(thread)->AddressSpaceRoot);
        Scheduler.Find(thread)->Process = &process;
        services.DetachThread(thread); // its process ended: the thread no longer leads to the slot
        Assert.True(Scheduler.Find(thread)->Process == null);

        harness.Spawn();
        harness.ParkKernelTask();
        int blocked = Scheduler.Current->Id;
        harness.BlockCurrent();
        services.Interrupt(blocked);
        Assert.Equal(TaskState.Ready, Scheduler.Find(blocked)->State);
        Assert.Equal(TaskState.Blocked, Scheduler.Find(Scheduler.KernelTaskId)->State);
    }
}
