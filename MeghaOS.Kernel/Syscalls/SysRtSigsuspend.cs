// rt_sigsuspend(mask, size): waits with the blocked mask replaced by mask until a signal it does not block comes,
// then returns EINTR. The mask from before stays in Process.SuspendedMask: the handler's frame records it as the mask
// to go back to (uc_sigmask), or it is put back at once when no handler runs (Signals.DeliverPending). size must be 8.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;
using MeghaOS.Scheduling;

/// <summary>System call 130.</summary>
public static unsafe class SysRtSigsuspend
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null || registers->Rsi != 8)
        {
            return -Errno.EINVAL;
        }

        if (UserMemory.ReadUInt64(process, registers->Rdi, out ulong mask) != 0)
        {
            return -Errno.EFAULT;
        }

        process->SuspendedMask = process->BlockedSignals;
        process->HasSuspendedMask = true;
        process->BlockedSignals = mask & ~Signals.Unblockable;
        WaitQueue queue = default;
        while (true)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            if (ProcessTable.CurrentHasPendingSignal())
            {
                ProcessTable.RestoreInterrupts(interrupts);
                return -Errno.EINTR;
            }

            ProcessTable.Block(&queue); // only a signal (ProcessServices.Interrupt) wakes it
            ProcessTable.RestoreInterrupts(interrupts);
        }
    }
}
