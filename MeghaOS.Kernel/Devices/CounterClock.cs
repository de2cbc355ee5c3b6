// Arithmetic for counter-based clock sources (the TSC): turning a count into nanoseconds without overflowing 64 bits,
// and a counter's frequency from a calibration against a reference clock of known rate. Shared code, host-tested.
namespace MeghaOS.Devices;

/// <summary>Count-to-time conversions for a counter running at a fixed frequency.</summary>
public static class CounterClock
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>
    /// Nanoseconds that <paramref name="count"/> ticks at <paramref name="frequencyHz"/> take (0 when the frequency
    /// is 0). Whole seconds and the remainder are converted apart, so any 64-bit count works for frequencies below
    /// 18 GHz.
    /// </summary>
    public static ulong ToNanoseconds(ulong count, ulong frequencyHz)
    {
        if (frequencyHz == 0)
        {
            return 0;
        }

        ulong seconds = count / frequencyHz;
        ulong remainder = count % frequencyHz;
        return seconds * NanosecondsPerSecond + remainder * NanosecondsPerSecond / frequencyHz;
    }

    /// <summary>
    /// The frequency of a counter that advanced <paramref name="count"/> while a reference clock of
    /// <paramref name="referenceHz"/> advanced <paramref name="referenceTicks"/> (0 when no reference tick passed).
    /// </summary>
    public static ulong Calibrate(ulong count, ulong referenceTicks, ulong referenceHz) =>
        referenceTicks == 0 ? 0 : count * referenceHz / referenceTicks;
}
