// rt_sigprocmask(how, set, old, size): the blocked mask. SIG_BLOCK (0) adds set, SIG_UNBLOCK (1) removes it,
// SIG_SETMASK (2) replaces the mask; SIGKILL and SIGSTOP are never blocked. The old mask is written first. A pending
// signal the call unblocks is acted on when the call returns (Signals.DeliverPending). size must be 8.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 14.</summary>
public static unsafe class SysRtSigprocmask
{
    /// <summary>SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK.</summary>
    public const ulong Block = 0, Unblock = 1, SetMask = 2;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null || registers->R10 != 8)
        {
            return -Errno.EINVAL;
        }

        ulong set = 0;
        if (registers->Rsi != 0)
        {
            if (registers->Rdi > SetMask)
            {
                return -Errno.EINVAL;
            }

            if (UserMemory.ReadUInt64(process, registers->Rsi, out set) != 0)
            {
                return -Errno.EFAULT;
            }
        }

        ulong old = process->BlockedSignals;
        if (registers->Rdx != 0 && UserMemory.CopyOut(process, registers->Rdx, &old, 8) != 0)
        {
            return -Errno.EFAULT;
        }

        if (registers->Rsi != 0)
        {
            ulong blocked = registers->Rdi == Block ? old | set : registers->Rdi == Unblock ? old & ~set : set;
            process->BlockedSignals = blocked & ~Signals.Unblockable;
        }

        return 0;
    }
}
