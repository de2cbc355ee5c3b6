// nanosleep(request, remain): sleeps for the time asked (other tasks run); EINTR with the time left in remain when a
// signal ends the sleep early.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 35.</summary>
public static unsafe class SysNanosleep
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        Sleep(ProcessTable.Current, registers->Rdi, registers->Rsi, false);

    /// <summary>Sleeps for (or, <paramref name="absolute"/>, until) the timespec at <paramref name="request"/>.</summary>
    public static long Sleep(Process* process, ulong request, ulong remain, bool absolute)
    {
        int status = Clock.ReadTimespec(process, request, out ulong nanoseconds);
        if (status != 0)
        {
            return status;
        }

        ulong now = Clock.Now;
        ulong deadline = absolute ? nanoseconds : (nanoseconds > ulong.MaxValue - now ? ulong.MaxValue : now + nanoseconds);
        status = Clock.SleepUntil(deadline, out ulong remaining);
        if (status != 0 && remain != 0 && !absolute)
        {
            Clock.WriteTimespec(process, remain, remaining);
        }

        return status;
    }
}
