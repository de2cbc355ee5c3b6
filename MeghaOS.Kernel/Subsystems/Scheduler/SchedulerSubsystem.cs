// Scheduling policies on the subsystem mechanism ("sched", boot option sched=NAME): every policy of the policy
// catalog (Scheduling/SchedulerCatalog.cs) is created with its state from the kernel heap and registered. Activating
// the first one starts the scheduler (Scheduler.Initialize) with the caller's task table and machine; every later
// activation is Scheduler.SetPolicy, which carries every task over with interrupts off. The catalog's first policy
// is also the watchdog's fall-back. /sys/sched/stats, tasks, watchdog_ms and weight are its own files
// (SchedulerFiles.cs).
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory;
using MeghaOS.Scheduling;

/// <summary>Declares the "sched" subsystem and registers its policies.</summary>
public static unsafe class SchedulerSubsystem
{
    private const string Name = "sched";

    /// <summary>How long a ready task may wait before the watchdog falls back to the default policy, at boot.</summary>
    public const ulong DefaultWatchdogMilliseconds = 2000;

    private static SubsystemImplementations<SchedulerPolicyOperations> s_policies;
    private static SchedulerTask* s_tasks;
    private static int s_capacity;
    private static SchedulerMachine s_machine;
    private static ulong s_tickNanoseconds;
    private static delegate*<void*, void> s_idleEntry;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it (with its files) on first use.</summary>
    public static int Id
    {
        get
        {
            int id = SubsystemRegistry.Declare(Name, &ActiveName);
            if (id >= 0 && SubsystemRegistry.FilesOf(id).Length == 0)
            {
                SubsystemRegistry.AddFile(id, new SubsystemFile("stats", &SchedulerFiles.RenderStats));
                SubsystemRegistry.AddFile(id, new SubsystemFile("tasks", &SchedulerFiles.RenderTasks));
                SubsystemRegistry.AddFile(id, new SubsystemFile("watchdog_ms", &SchedulerFiles.RenderWatchdog, &SchedulerFiles.WriteWatchdog));
                SubsystemRegistry.AddFile(id, new SubsystemFile("weight", &SchedulerFiles.RenderWeights, &SchedulerFiles.WriteWeight));
            }

            return id;
        }
    }

    /// <summary>
    /// Creates every policy of <paramref name="catalog"/> for <paramref name="capacity"/> tasks (state from the kernel
    /// heap), registers them in catalog order and activates the default, which starts the scheduler over
    /// <paramref name="tasks"/> (zeroed, <paramref name="capacity"/> entries, kept for the kernel's life) with
    /// <paramref name="machine"/>. Each policy left out is named on the console. False when the scheduler did not start.
    /// </summary>
    public static bool Initialize(ReadOnlySpan<SchedulerPolicy> catalog, SchedulerTask* tasks, int capacity, in SchedulerMachine machine,
        ulong tickNanoseconds, delegate*<void*, void> idleEntry)
    {
        s_tasks = tasks;
        s_capacity = capacity;
        s_machine = machine;
        s_tickNanoseconds = tickNanoseconds;
        s_idleEntry = idleEntry;
        for (int i = 0; i < catalog.Length; i++)
        {
            ulong bytes = catalog[i].StateBytes == null ? 0 : catalog[i].StateBytes(capacity);
            byte* state = bytes == 0 ? null : (byte*)Heap.Allocate((nuint)bytes);
            if (state == null || catalog[i].Create == null)
            {
                SubsystemMessages.BeginLeftOut(Name, catalog[i].Name);
                Devices.Terminal.Write(state == null ? "no heap memory for its state\n"u8 : "its description is incomplete\n"u8);
                continue;
            }

            for (ulong b = 0; b < bytes; b++)
            {
                state[b] = 0;
            }

            SchedulerPolicyOperations operations = catalog[i].Create(state, capacity);
            RegistrationStatus status = Register(operations);
            SubsystemMessages.ReportRegistration(Name, catalog[i].Name, status);
            if (status != RegistrationStatus.Success)
            {
                Heap.Free(state);
            }
        }

        return SubsystemRegistry.ActivateDefault(Id) == ActivationStatus.Success;
    }

    /// <summary>Registers one created policy under its table's name.</summary>
    public static RegistrationStatus Register(in SchedulerPolicyOperations operations) =>
        s_policies.Register(Id, new ImplementationEntry(operations.Name, null, &Activate), operations.IsComplete, operations);

    /// <summary>Forgets the registered policies (the registry and the scheduler are reset separately). For tests.</summary>
    public static void Reset()
    {
        s_policies.Clear();
        s_tasks = null;
        s_capacity = 0;
        s_machine = default;
    }

    private static string ActiveName() => Scheduler.PolicyName;

    // The first activation starts the scheduler, the fall-back being the catalog's first policy; later ones switch.
    private static bool Activate(void* context)
    {
        SchedulerPolicyOperations policy = s_policies.At(context);
        if (Scheduler.IsRunning)
        {
            return Scheduler.SetPolicy(policy);
        }

        return Scheduler.Initialize(s_tasks, s_capacity, s_machine, policy, s_policies.Items[0], s_tickNanoseconds,
            DefaultWatchdogMilliseconds, s_idleEntry);
    }
}
