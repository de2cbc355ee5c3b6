// What one scheduling policy is, in one value: its name, how much state it needs for a number of tasks, and how to
// create an instance in that state. The policy catalog (SchedulerCatalog.cs) lists these. Shared code.
namespace MeghaOS.Scheduling;

/// <summary>The descriptor of a scheduling policy.</summary>
public unsafe struct SchedulerPolicy
{
    /// <summary>The name users type and see ("rr"), also the operations table's name.</summary>
    public string Name;

    /// <summary>Bytes of state an instance needs to schedule up to the given number of tasks.</summary>
    public delegate*<int, ulong> StateBytes;

    /// <summary>Creates an instance in zeroed state memory (as many bytes as StateBytes said) for that many tasks.</summary>
    public delegate*<void*, int, SchedulerPolicyOperations> Create;
}
