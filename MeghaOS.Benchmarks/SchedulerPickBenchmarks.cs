// What one scheduling decision costs each policy with 10, 100 and 1,000 ready tasks: take the next task
// (PickNext), charge it a tick, and queue it again, as the mechanism does when a slice ends. Weights 1 to 10, so the
// proportional policy's heap has work to do. The deliberately broken policy's linear search shows what O(n) costs.
namespace MeghaOS.Benchmarks;

using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MeghaOS.Scheduling;

/// <summary>Pick-next plus re-queue per policy and number of ready tasks.</summary>
[MinColumn, MedianColumn]
public unsafe class SchedulerPickBenchmarks
{
    private SchedulerTask* _tasks;
    private void* _state;
    private SchedulerPolicyOperations _policy;

    /// <summary>Every policy in the catalog.</summary>
    public static IEnumerable<string> Policies => Catalogs.SchedulerNames;

    /// <summary>The policy measured.</summary>
    [ParamsSource(nameof(Policies))]
    public string Policy { get; set; } = "rr";

    /// <summary>Ready tasks in the policy's queue.</summary>
    [Params(10, 100, 1000)]
    public int ReadyTasks { get; set; }

    /// <summary>Creates the policy and queues the tasks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SchedulerPolicy descriptor = SchedulerCatalog.All.ToArray().Single(policy => policy.Name == Policy);
        _state = NativeMemory.AllocZeroed((nuint)descriptor.StateBytes(ReadyTasks));
        _policy = descriptor.Create(_state, ReadyTasks);
        _tasks = (SchedulerTask*)NativeMemory.AllocZeroed((nuint)(sizeof(SchedulerTask) * ReadyTasks));
        for (int i = 0; i < ReadyTasks; i++)
        {
            _tasks[i].Id = i + 2;
            _tasks[i].Weight = (ulong)(i % 10 + 1);
            _tasks[i].State = TaskState.Ready;
            _policy.TaskJoined(_policy.Context, &_tasks[i]);
            _policy.Enqueue(_policy.Context, &_tasks[i]);
        }
    }

    /// <summary>Frees the tasks and the policy's state.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Free(_tasks);
        NativeMemory.Free(_state);
    }

    /// <summary>One scheduling decision: pick, charge a tick, queue again.</summary>
    [Benchmark]
    public int PickTickRequeue()
    {
        SchedulerTask* task = _policy.PickNext(_policy.Context);
        _policy.Tick(_policy.Context, task);
        _policy.Enqueue(_policy.Context, task);
        return task->Id;
    }
}
