// The time-stamp counter as the second timer source ("tsc"): it counts at a fixed rate the CPU does not tell us, so
// at boot it is measured against the PIT: channel 2 counts down a known number of its 1.193182 MHz ticks (about
// 50 ms, polled through port 0x61 with the speaker off, interrupts not needed) while we read the TSC before and after.
// Reading it costs one instruction and needs no interrupt, unlike the PIT's 10 ms tick.
namespace MeghaOS.Arch.X64;

using MeghaOS.Devices;

/// <summary>The TSC, calibrated against the PIT, as a timer source.</summary>
internal static unsafe class TimeStampCounter
{
    private const ushort ModeCommand = 0x43;
    private const ushort Channel2Data = 0x42;
    private const ushort SpeakerControl = 0x61;
    private const uint PitInputHz = 1193182;
    private const uint CalibrationTicks = 59659;   // 50 ms of PIT input ticks, below the counter's 65535
    private const ulong MaxPolls = 100_000_000;     // gives up (frequency 0) if channel 2 never finishes

    private static ulong s_frequencyHz;
    private static ulong s_start;

    /// <summary>The measured frequency in hertz, 0 before or after a failed calibration.</summary>
    internal static ulong FrequencyHz => s_frequencyHz;

    /// <summary>Measures the TSC's frequency; the source counts from here. Call once, with the PIT programmed.</summary>
    internal static void Calibrate()
    {
        // Without a TSC (CPUID says so) the source keeps frequency 0, which makes every switch to it refused.
        if (!Cpu.HasTimestampCounter)
        {
            s_frequencyHz = 0;
            return;
        }

        byte control = Cpu.In8(SpeakerControl);
        Cpu.Out8(SpeakerControl, (byte)((control & ~0x02) | 0x01)); // channel 2 gate on, speaker off
        Cpu.Out8(ModeCommand, 0xB0);                                  // channel 2, low then high byte, mode 0
        Cpu.Out8(Channel2Data, (byte)(CalibrationTicks & 0xFF));
        Cpu.Out8(Channel2Data, (byte)(CalibrationTicks >> 8));

        ulong before = Cpu.ReadTimestamp();
        ulong polls = 0;
        while ((Cpu.In8(SpeakerControl) & 0x20) == 0 && polls < MaxPolls) // bit 5: channel 2's output, high at 0
        {
            polls++;
        }

        ulong after = Cpu.ReadTimestamp();
        Cpu.Out8(SpeakerControl, control);
        s_frequencyHz = polls == MaxPolls ? 0 : CounterClock.Calibrate(after - before, CalibrationTicks, PitInputHz);
        s_start = after;
    }

    /// <summary>The TSC as a timer source.</summary>
    internal static TimerOperations Operations =>
        new TimerOperations { Name = "tsc", Context = null, ReadNanoseconds = &ReadNanoseconds, FrequencyHz = &ReadFrequency };

    private static ulong ReadNanoseconds(void* context) =>
        s_frequencyHz == 0 ? 0 : CounterClock.ToNanoseconds(Cpu.ReadTimestamp() - s_start, s_frequencyHz);

    private static ulong ReadFrequency(void* context) => s_frequencyHz;
}
