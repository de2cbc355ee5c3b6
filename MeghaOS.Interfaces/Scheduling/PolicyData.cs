// The slot the mechanism reserves in every task for the active policy's own per-task data (sched_ext's per-task
// storage): 64 bytes the policy lays its own struct over (Unsafe.As). A policy switch re-initialises it.
namespace MeghaOS.Scheduling;

using System.Runtime.CompilerServices;

/// <summary>Eight words of per-task policy data.</summary>
[InlineArray(Words)]
public struct PolicyData
{
    /// <summary>Words in the slot (the most a policy's per-task struct may take: 64 bytes).</summary>
    public const int Words = 8;

    private ulong _first;
}
