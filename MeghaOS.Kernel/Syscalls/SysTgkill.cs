// tgkill(tgid, tid, signal): a signal to thread tid of process tgid. With one thread per process tid must equal
// tgid (ESRCH otherwise); then it is kill of that process.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 234.</summary>
public static unsafe class SysTgkill
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int group = (int)registers->Rdi;
        int tid = (int)registers->Rsi;
        if (group <= 0 || tid <= 0)
        {
            return -Errno.EINVAL;
        }

        return group != tid ? -Errno.ESRCH : ProcessTable.Kill(tid, (int)registers->Rdx);
    }
}
