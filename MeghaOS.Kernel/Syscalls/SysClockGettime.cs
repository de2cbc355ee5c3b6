// clock_gettime(clock, timespec): the uptime for every clock id (no wall clock; see Clock.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 228.</summary>
public static unsafe class SysClockGettime
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int clock = (int)registers->Rdi;
        return clock < 0 || clock > Clock.MaxClockId ? -Errno.EINVAL : Clock.WriteTimespec(ProcessTable.Current, registers->Rsi, Clock.Now);
    }
}
