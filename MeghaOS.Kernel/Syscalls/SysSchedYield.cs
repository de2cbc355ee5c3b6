// sched_yield(): gives the CPU to the next ready task.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 24.</summary>
public static unsafe class SysSchedYield
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        if (ProcessTable.Services.Yield != null)
        {
            ProcessTable.Services.Yield();
        }

        return 0;
    }
}
