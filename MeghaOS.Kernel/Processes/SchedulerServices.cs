// The kernel's ProcessServices: the running process is Scheduler.Current's Process, blocking and waking are the
// scheduler's, time is the Timer facade's uptime, entropy mixes uptime and a counter.
namespace MeghaOS.Processes;

using MeghaOS.Devices;
using MeghaOS.Scheduling;

/// <summary>Fills <see cref="ProcessServices"/> over Scheduler.cs and Timer.</summary>
public static unsafe class SchedulerServices
{
    private static ulong s_counter;

    /// <summary>The table the kernel hands to <see cref="ProcessTable.Initialize"/>.</summary>
    public static ProcessServices Create()
    {
        ProcessServices services = default;
        services.Current = &Current;
        services.DisableInterrupts = &Scheduler.DisableInterrupts;
        services.RestoreInterrupts = &Scheduler.RestoreInterrupts;
        services.Block = &Scheduler.Block;
        services.BlockUntil = &Scheduler.BlockUntil;
        services.WakeAll = &Scheduler.WakeAll;
        services.Interrupt = &Interrupt;
        services.DetachThread = &DetachThread;
        services.ExitThread = &Scheduler.Exit;
        services.SetAddressSpace = &SetAddressSpace;
        services.Yield = &Scheduler.Yield;
        services.SleepUntil = &Scheduler.SleepUntil;
        services.UptimeNanoseconds = &Uptime;
        services.Entropy = &Entropy;
        return services;
    }

    private static Process* Current() => Scheduler.IsRunning ? (Process*)Scheduler.Current->Process : null;

    private static void Interrupt(int id) => Scheduler.WakeTask(id);

    private static void SetAddressSpace(int id, ulong root)
    {
        SchedulerTask* task = Scheduler.Find(id);
        if (task != null)
        {
            task->AddressSpaceRoot = root;
        }
    }

    private static void DetachThread(int id)
    {
        SchedulerTask* task = Scheduler.Find(id);
        if (task != null)
        {
            task->Process = null;
        }
    }

    private static ulong Uptime() => Timer.UptimeNanoseconds;

    private static ulong Entropy()
    {
        s_counter += 0x9E3779B97F4A7C15;
        return Timer.UptimeNanoseconds ^ s_counter;
    }
}
