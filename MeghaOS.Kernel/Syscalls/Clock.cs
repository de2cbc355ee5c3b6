// The clocks of clock_gettime and the sleeps: every clock id (REALTIME, MONOTONIC, BOOTTIME, the CPU-time clocks)
// reads the uptime, as MeghaOS has no wall clock; and struct timespec in and out.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>Time for the system calls.</summary>
public static unsafe class Clock
{
    /// <summary>Nanoseconds per second.</summary>
    public const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Highest clock id Linux defines (CLOCK_TAI is 11).</summary>
    public const int MaxClockId = 11;

    /// <summary>Nanoseconds since boot.</summary>
    public static ulong Now => ProcessTable.Services.UptimeNanoseconds != null ? ProcessTable.Services.UptimeNanoseconds() : 0;

    /// <summary>Reads a struct timespec: 0, -EFAULT, or -EINVAL for a negative or too large field.</summary>
    public static int ReadTimespec(Process* process, ulong address, out ulong nanoseconds)
    {
        nanoseconds = 0;
        long* timespec = stackalloc long[2];
        if (UserMemory.CopyIn(process, address, timespec, 16) != 0)
        {
            return -Errno.EFAULT;
        }

        if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NanosecondsPerSecond)
        {
            return -Errno.EINVAL;
        }

        ulong seconds = (ulong)timespec[0] > ulong.MaxValue / NanosecondsPerSecond / 2 ? ulong.MaxValue / NanosecondsPerSecond / 2 : (ulong)timespec[0];
        nanoseconds = seconds * NanosecondsPerSecond + (ulong)timespec[1];
        return 0;
    }

    /// <summary>Writes a struct timespec: 0 or -EFAULT.</summary>
    public static int WriteTimespec(Process* process, ulong address, ulong nanoseconds)
    {
        long* timespec = stackalloc long[2];
        timespec[0] = (long)(nanoseconds / NanosecondsPerSecond);
        timespec[1] = (long)(nanoseconds % NanosecondsPerSecond);
        return UserMemory.CopyOut(process, address, timespec, 16);
    }

    /// <summary>
    /// Sleeps until uptime <paramref name="deadline"/>: 0, or -EINTR when a signal came first (then the time left is in
    /// <paramref name="remaining"/>).
    /// </summary>
    public static int SleepUntil(ulong deadline, out ulong remaining)
    {
        remaining = 0;
        ref ProcessServices services = ref ProcessTable.Services;
        while (Now < deadline)
        {
            if (ProcessTable.CurrentHasPendingSignal())
            {
                remaining = deadline - Now;
                return -Errno.EINTR;
            }

            if (services.SleepUntil == null)
            {
                return 0;
            }

            services.SleepUntil(deadline);
        }

        return 0;
    }
}
