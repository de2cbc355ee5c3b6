// set_tid_address(address): remembers the address (to be cleared when a thread ends, once there are futexes) and
// returns the thread id.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 218.</summary>
public static unsafe class SysSetTidAddress
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return -Errno.ESRCH;
        }

        process->ClearChildTid = registers->Rdi;
        return process->Id;
    }
}
