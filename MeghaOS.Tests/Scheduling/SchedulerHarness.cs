// The scheduler on the host, with a fake clock and no machine: the mechanism keeps its books (which task is current,
// who is ready, blocked or gone, how many ticks each ran) exactly as in the kernel, and a "tick" is a call. Every
// policy of the catalog is created once; the harness starts with the one asked for.
namespace MeghaOS.Tests.Scheduling;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using MeghaOS.Devices;
using MeghaOS.Scheduling;
using MeghaOS.Tests.Support;

/// <summary>A started scheduler over native memory; Dispose resets it.</summary>
public sealed unsafe class SchedulerHarness : IDisposable
{
    /// <summary>Task slots, the idle and kernel tasks included.</summary>
    public const int Capacity = 32;

    /// <summary>Nanoseconds per fake tick (the kernel's 100 Hz).</summary>
    public const ulong TickNanoseconds = 10_000_000;

    private readonly List<IntPtr> _memory = new();
    private readonly Dictionary<string, SchedulerPolicyOperations> _policies = new();
    private WaitQueue* _parking;

    /// <summary>Starts the scheduler with policy <paramref name="policy"/> (the catalog's first is the fall-back).</summary>
    public SchedulerHarness(string policy, ulong watchdogMilliseconds = 2000)
    {
        CapturingTerminal.Install();
        Scheduler.Reset();
        foreach (SchedulerPolicy descriptor in SchedulerCatalog.All)
        {
            void* state = Allocate(descriptor.StateBytes(Capacity));
            _policies[descriptor.Name] = descriptor.Create(state, Capacity);
        }

        var tasks = (SchedulerTask*)Allocate((ulong)(sizeof(SchedulerTask) * Capacity));
        _parking = (WaitQueue*)Allocate((ulong)sizeof(WaitQueue));
        bool started = Scheduler.Initialize(tasks, Capacity, default, _policies[policy], _policies[SchedulerCatalog.All[0].Name],
            TickNanoseconds, watchdogMilliseconds, &Nothing);
        if (!started)
        {
            throw new InvalidOperationException("the scheduler did not start");
        }
    }

    /// <summary>The fake uptime in nanoseconds.</summary>
    public ulong Now { get; private set; }

    /// <summary>The names of the policies, in catalog order.</summary>
    public static string[] PolicyNames => SchedulerCatalog.All.ToArray().Select(policy => policy.Name).ToArray();

    /// <summary>The instance of policy <paramref name="name"/>.</summary>
    public SchedulerPolicyOperations Policy(string name) => _policies[name];

    /// <summary>A queue tests block tasks on (as input would).</summary>
    public WaitQueue* Parking => _parking;

    /// <summary>Starts a task that does nothing (on the host tasks never execute; the books are what is tested).</summary>
    public int Spawn(ulong weight = Scheduler.DefaultWeight, string name = "t") =>
        Scheduler.Spawn(System.Text.Encoding.ASCII.GetBytes(name), weight, &Nothing, null);

    /// <summary>Blocks the kernel task (as the shell waiting for input does), so only spawned tasks compete.</summary>
    public void ParkKernelTask()
    {
        if (Scheduler.Current->Id != Scheduler.KernelTaskId)
        {
            throw new InvalidOperationException("the kernel task is not running");
        }

        Scheduler.Block(_parking);
    }

    /// <summary>The running task blocks on the parking queue.</summary>
    public void BlockCurrent() => Scheduler.Block(_parking);

    /// <summary>
    /// Runs <paramref name="ticks"/> timer ticks, switching whenever the scheduler asks to (as the kernel's interrupt
    /// path does), and returns how many ticks each task id was charged.
    /// </summary>
    public Dictionary<int, int> Run(int ticks)
    {
        var charged = new Dictionary<int, int>();
        for (int i = 0; i < ticks; i++)
        {
            int id = Scheduler.Current->Id;
            charged[id] = charged.GetValueOrDefault(id) + 1;
            Now += TickNanoseconds;
            Scheduler.Tick(Now);
            if (Scheduler.NeedsReschedule)
            {
                Scheduler.Preempt();
            }
        }

        return charged;
    }

    /// <summary>The live task with id <paramref name="id"/>.</summary>
    public static SchedulerTask* Task(int id) => Scheduler.Find(id);

    /// <summary>Takes every ready task out of the active policy in pick order and puts them back; returns their ids.</summary>
    public List<int> DrainReady(SchedulerPolicyOperations policy)
    {
        var picked = new List<IntPtr>();
        SchedulerTask* task;
        while ((task = policy.PickNext(policy.Context)) != null)
        {
            picked.Add((IntPtr)task);
            if (picked.Count > Capacity)
            {
                throw new InvalidOperationException("the policy hands out more tasks than exist");
            }
        }

        foreach (IntPtr pointer in picked)
        {
            policy.Enqueue(policy.Context, (SchedulerTask*)pointer);
        }

        return picked.Select(pointer => ((SchedulerTask*)pointer)->Id).ToList();
    }

    /// <summary>Ids of the tasks in <paramref name="state"/> (the idle task not counted).</summary>
    public static List<int> TasksIn(TaskState state)
    {
        var ids = new List<int>();
        for (int i = 1; i < Scheduler.Capacity; i++)
        {
            if (Scheduler.Slot(i)->State == state)
            {
                ids.Add(Scheduler.Slot(i)->Id);
            }
        }

        return ids;
    }

    /// <summary>Resets the scheduler and frees its memory.</summary>
    public void Dispose()
    {
        Scheduler.Reset();
        Terminal.Reset();
        foreach (IntPtr memory in _memory)
        {
            NativeMemory.Free((void*)memory);
        }
    }

    private void* Allocate(ulong bytes)
    {
        void* memory = NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1));
        _memory.Add((IntPtr)memory);
        return memory;
    }

    private static void Nothing(void* argument)
    {
    }
}
