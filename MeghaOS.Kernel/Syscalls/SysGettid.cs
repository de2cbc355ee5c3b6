// gettid(): its thread's id, the process id (one thread per process).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 186.</summary>
public static unsafe class SysGettid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        return process == null ? -Errno.ESRCH : process->Id;
    }
}
