// getpid(): its own id.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 39.</summary>
public static unsafe class SysGetpid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        return process == null ? -Errno.ESRCH : process->Id;
    }
}
