// kill(pid, signal): signal 0 checks the process exists; any signal the target does not ignore or handle ends it
// (no handlers run yet). pid 0 and negative pids (process groups) are refused with EINVAL.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 62.</summary>
public static unsafe class SysKill
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int pid = (int)registers->Rdi;
        return pid <= 0 ? -Errno.EINVAL : ProcessTable.Kill(pid, (int)registers->Rsi);
    }
}
