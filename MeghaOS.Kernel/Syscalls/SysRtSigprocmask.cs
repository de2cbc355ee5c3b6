// rt_sigprocmask(how, set, old, size): accepted; signals are not delivered, so the mask changes nothing. The old
// mask is written as empty.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 14.</summary>
public static unsafe class SysRtSigprocmask
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        if (registers->Rdi > 2 || registers->R10 != 8)
        {
            return -Errno.EINVAL;
        }

        Process* process = ProcessTable.Current;
        if (registers->Rsi != 0 && UserMemory.ReadUInt64(process, registers->Rsi, out ulong _) != 0)
        {
            return -Errno.EFAULT;
        }

        ulong empty = 0;
        return registers->Rdx != 0 ? UserMemory.CopyOut(process, registers->Rdx, &empty, 8) : 0;
    }
}
