// getppid(): its parent's id (0 when the kernel started it or it was orphaned with no init).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 110.</summary>
public static unsafe class SysGetppid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        return process == null ? -Errno.ESRCH : (process->ParentId < 0 ? 0 : process->ParentId);
    }
}
