// clock_nanosleep(clock, flags, request, remain): nanosleep on any clock (all read the uptime); TIMER_ABSTIME (1)
// sleeps until the time given.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 230.</summary>
public static unsafe class SysClockNanosleep
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int clock = (int)registers->Rdi;
        int flags = (int)registers->Rsi;
        if (clock < 0 || clock > Clock.MaxClockId || (flags & ~1) != 0)
        {
            return -Errno.EINVAL;
        }

        return SysNanosleep.Sleep(ProcessTable.Current, registers->Rdx, registers->R10, flags == 1);
    }
}
