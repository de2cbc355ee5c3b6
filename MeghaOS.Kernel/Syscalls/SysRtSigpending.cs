// rt_sigpending(set, size): writes the signals pending and blocked (those pending and not blocked are acted on at
// once, on the way out of the kernel). size must be 8.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 127.</summary>
public static unsafe class SysRtSigpending
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null || registers->Rsi != 8)
        {
            return -Errno.EINVAL;
        }

        ulong pending = process->PendingSignals & process->BlockedSignals;
        return UserMemory.CopyOut(process, registers->Rdi, &pending, 8);
    }
}
