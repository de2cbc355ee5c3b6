// What the process layer (Processes/, Syscalls/) needs from the machine, as an operations table so it is tested on
// the host with a fake and run in the kernel by Arch/X64: start a thread that enters user mode with given registers
// in a given address space. Fork uses it with a copy of the parent's registers (Rax = 0), execve's first thread and
// init with (Rip = entry, Rsp = initial stack).
namespace MeghaOS.Processes;

using System;
using MeghaOS.Memory.Paging;

/// <summary>Machine operations for user threads.</summary>
public unsafe struct ProcessMachine
{
    /// <summary>
    /// Spawns a scheduler task that switches to <c>space</c> and enters user mode with <c>registers</c>; its
    /// SchedulerTask.Process is <c>process</c>. Returns the task id, or a negative value when no task could be made.
    /// </summary>
    public delegate*<ReadOnlySpan<byte>, AddressSpace, void*, UserRegisters*, int> SpawnUserThread;
}
