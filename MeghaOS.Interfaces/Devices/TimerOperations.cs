// The timer's operations table: a monotonic clock source (the PIT tick count, the TSC, ...).
namespace MeghaOS.Devices;

/// <summary>The operations table of a timer source.</summary>
public unsafe struct TimerOperations
{
    /// <summary>Short lower-case name, such as "pit" or "tsc".</summary>
    public string Name;

    /// <summary>The instance's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>Nanoseconds since this source started counting; never goes backwards.</summary>
    public delegate*<void*, ulong> ReadNanoseconds;

    /// <summary>The frequency the source counts at, in hertz, as measured or programmed.</summary>
    public delegate*<void*, ulong> FrequencyHz;

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete => Name != null && ReadNanoseconds != null && FrequencyHz != null;
}
