// tkill(tid, signal): a signal to a thread. A MeghaOS process has one thread whose id (gettid, set_tid_address) is
// the process id, so this is kill of that process; musl's raise() and abort() use it.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 200.</summary>
public static unsafe class SysTkill
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int tid = (int)registers->Rdi;
        return tid <= 0 ? -Errno.EINVAL : ProcessTable.Kill(tid, (int)registers->Rsi);
    }
}
