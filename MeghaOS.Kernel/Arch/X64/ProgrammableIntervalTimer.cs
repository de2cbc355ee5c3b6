// The 8254 PIT, channel 0 in rate-generator mode at TickHz, on IRQ 0: the kernel's tick (the scheduler's clock),
// and the first timer source ("pit") behind the Timer facade.
namespace MeghaOS.Arch.X64;

using MeghaOS.Devices;

/// <summary>The legacy interval timer: a periodic tick and the uptime derived from it.</summary>
internal static unsafe class ProgrammableIntervalTimer
{
    /// <summary>Ticks per second.</summary>
    internal const uint TickHz = 100;

    /// <summary>Nanoseconds between two ticks.</summary>
    internal const ulong TickNanoseconds = 1_000_000_000 / TickHz;

    private const uint InputHz = 1193182;
    private const ushort Channel0Data = 0x40;
    private const ushort ModeCommand = 0x43;
    private const int Irq = 0;

    private static ulong s_ticks;

    /// <summary>Ticks since <see cref="Initialize"/>.</summary>
    internal static ulong Ticks => s_ticks;

    /// <summary>Milliseconds since <see cref="Initialize"/>, at tick resolution.</summary>
    internal static ulong UptimeMilliseconds => s_ticks * 1000 / TickHz;

    /// <summary>Starts the periodic tick.</summary>
    internal static void Initialize()
    {
        uint divisor = InputHz / TickHz;
        Cpu.Out8(ModeCommand, 0x34);                    // channel 0, low then high byte, mode 2 (rate generator)
        Cpu.Out8(Channel0Data, (byte)divisor);
        Cpu.Out8(Channel0Data, (byte)(divisor >> 8));
        InterruptDispatcher.SetIrqHandler(Irq, &OnTick);
    }

    /// <summary>The PIT as a timer source.</summary>
    internal static TimerOperations Operations =>
        new TimerOperations { Name = "pit", Context = null, ReadNanoseconds = &ReadNanoseconds, FrequencyHz = &ReadFrequency };

    private static ulong ReadNanoseconds(void* context) => s_ticks * (1_000_000_000 / TickHz);

    private static ulong ReadFrequency(void* context) => TickHz;

    // The kernel's tick: the scheduler charges the running task and wakes sleepers; input readers get the UART polled.
    private static void OnTick()
    {
        s_ticks++;
        InputQueue.PollWhileWaited();
        Scheduling.Scheduler.Tick(Timer.UptimeNanoseconds);
    }
}
