// The timer abstraction: uptime and timed waits, whichever source is active. Switching sources keeps uptime
// continuous: the facade remembers where the old source stood and adds it to the new one's reading.
namespace MeghaOS.Devices;

/// <summary>The timer facade. Uptime is 0 until a source is installed.</summary>
public static unsafe class Timer
{
    private static TimerOperations s_operations;
    private static bool s_isActive;
    private static ulong s_offsetNanoseconds;
    private static ulong s_lastUptime;
    private static delegate*<ulong, void> s_idle;

    /// <summary>True once a source has been installed.</summary>
    public static bool IsActive => s_isActive;

    /// <summary>The active source's name, or "none".</summary>
    public static string ImplementationName => s_isActive ? s_operations.Name : "none";

    /// <summary>The active source's frequency in hertz, or 0.</summary>
    public static ulong FrequencyHz => s_isActive ? s_operations.FrequencyHz(s_operations.Context) : 0;

    /// <summary>
    /// Makes <paramref name="operations"/> the active source. Uptime continues from where the previous source
    /// left it. False when the table is incomplete (nothing changes).
    /// </summary>
    public static bool SetOperations(in TimerOperations operations)
    {
        if (!operations.IsComplete)
        {
            return false;
        }

        ulong now = UptimeNanoseconds;
        ulong reading = operations.ReadNanoseconds(operations.Context);
        s_offsetNanoseconds = now - reading; // wraps as intended when reading > now: the sum below wraps back
        s_operations = operations;
        s_isActive = true;
        return true;
    }

    /// <summary>
    /// Sets what <see cref="Wait"/> does between readings: it is given the uptime the wait ends at, and may return
    /// earlier (Wait reads the time again). The kernel blocks the waiting task until then, so others run; before the
    /// scheduler runs it halts until the next interrupt (the PIT's tick comes every 10 ms). Null spins.
    /// </summary>
    public static void SetIdle(delegate*<ulong, void> idle) => s_idle = idle;

    /// <summary>
    /// Waits until uptime has advanced by <paramref name="nanoseconds"/>, whichever source is active and across
    /// switches; false (at once) when no source is active.
    /// </summary>
    public static bool Wait(ulong nanoseconds)
    {
        if (!s_isActive)
        {
            return false;
        }

        ulong start = UptimeNanoseconds;
        while (UptimeNanoseconds - start < nanoseconds)
        {
            if (s_idle != null)
            {
                s_idle(start + nanoseconds);
            }
        }

        return true;
    }

    /// <summary>Forgets the active source. For tests only.</summary>
    public static void Reset()
    {
        s_idle = null;
        s_operations = default;
        s_isActive = false;
        s_offsetNanoseconds = 0;
        s_lastUptime = 0;
    }

    /// <summary>Nanoseconds since boot; monotonic across source switches.</summary>
    public static ulong UptimeNanoseconds
    {
        get
        {
            if (!s_isActive)
            {
                return 0;
            }

            ulong uptime = s_operations.ReadNanoseconds(s_operations.Context) + s_offsetNanoseconds;
            // Two sources never agree exactly: never let a switch make time run backwards.
            if (uptime < s_lastUptime)
            {
                uptime = s_lastUptime;
            }

            s_lastUptime = uptime;
            return uptime;
        }
    }
}
