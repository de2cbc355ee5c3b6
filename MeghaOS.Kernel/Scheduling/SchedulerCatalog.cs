// The one list of scheduling policies: the scheduler subsystem registers them in this order (the first is the
// default, and the watchdog's fall-back) and /sys/sched/implementation lists them so. Adding one: its file, and one
// line here. Shared code.
namespace MeghaOS.Scheduling;

using System;

/// <summary>Every scheduling policy, the default first.</summary>
public static class SchedulerCatalog
{
    private static readonly SchedulerPolicy[] s_policies =
    {
        RoundRobinPolicy.Policy, // the default, and where the watchdog falls back to
        StridePolicy.Policy,
        FeedbackQueuePolicy.Policy,
        StarvingPolicy.Policy,
    };

    /// <summary>The policies in catalog order.</summary>
    public static ReadOnlySpan<SchedulerPolicy> All => s_policies;
}
