// Timer sources on the subsystem mechanism: uptime stays continuous and monotonic across switches, a source without
// a measured frequency is refused, /sys/timer/frequency shows every source, and the counter arithmetic of the TSC.
namespace MeghaOS.Tests.Subsystems;

using System;
using System.Text;
using MeghaOS.Devices;
using MeghaOS.FileSystem.SysFs;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class TimerSubsystemTests : IDisposable
{
    // Two fake clocks the test moves by hand: "slow" (100 Hz, like the PIT) and "fast" (like the TSC).
    private static ulong s_slowNanoseconds;
    private static ulong s_fastNanoseconds;
    private static ulong s_fastHz;

    public TimerSubsystemTests()
    {
        Timer.Reset();
        SubsystemRegistry.Reset();
        TimerSubsystem.Reset();
        s_slowNanoseconds = 5_000_000_000;
        s_fastNanoseconds = 123;
        s_fastHz = 2_500_000_000;
        Assert.Equal(RegistrationStatus.Success, TimerSubsystem.Register(new TimerOperations { Name = "slow", ReadNanoseconds = &ReadSlow, FrequencyHz = &SlowHz }));
        Assert.Equal(RegistrationStatus.Success, TimerSubsystem.Register(new TimerOperations { Name = "fast", ReadNanoseconds = &ReadFast, FrequencyHz = &FastHz }));
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(TimerSubsystem.Id, "slow"u8));
    }

    public void Dispose()
    {
        Timer.Reset();
        SubsystemRegistry.Reset();
        TimerSubsystem.Reset();
    }

    private static ulong ReadSlow(void* context) => s_slowNanoseconds;

    private static ulong SlowHz(void* context) => 100;

    private static ulong ReadFast(void* context) => s_fastNanoseconds;

    private static ulong FastHz(void* context) => s_fastHz;

    private static ActivationStatus Switch(string name) =>
        SubsystemRegistry.Activate(TimerSubsystem.Id, Encoding.ASCII.GetBytes(name));

    [Fact]
    public void UptimeContinuesAcrossSwitches()
    {
        Assert.Equal(0UL, Timer.UptimeNanoseconds); // uptime counts from the first source's installation
        s_slowNanoseconds += 10_000_000;
        Assert.Equal(ActivationStatus.Success, Switch("fast"));
        Assert.Equal("fast", Timer.ImplementationName);
        Assert.Equal(10_000_000UL, Timer.UptimeNanoseconds);
        s_fastNanoseconds += 7_000_000;
        Assert.Equal(17_000_000UL, Timer.UptimeNanoseconds);

        Assert.Equal(ActivationStatus.Success, Switch("slow"));
        Assert.Equal(17_000_000UL, Timer.UptimeNanoseconds);
        s_slowNanoseconds += 20_000_000;
        Assert.Equal(37_000_000UL, Timer.UptimeNanoseconds);
    }

    [Fact]
    public void UptimeNeverGoesBackwards()
    {
        Assert.Equal(ActivationStatus.Success, Switch("fast"));
        ulong before = Timer.UptimeNanoseconds;
        s_fastNanoseconds -= 100; // a source that steps back a little (two clocks never agree exactly)
        Assert.True(Timer.UptimeNanoseconds >= before);
    }

    [Fact]
    public void ASourceWithoutAFrequencyIsRefusedAndNothingChanges()
    {
        s_fastHz = 0;
        ulong before = Timer.UptimeNanoseconds;
        Assert.Equal(ActivationStatus.Refused, Switch("fast"));
        Assert.Equal("slow", Timer.ImplementationName);
        Assert.Equal(before, Timer.UptimeNanoseconds);
        Assert.Equal(ActivationStatus.UnknownImplementation, Switch("hpet"));
    }

    [Fact]
    public void FrequencyFileShowsTheActiveSourceAndEverySource()
    {
        byte[] buffer = new byte[256];
        int length;
        fixed (byte* bytes = buffer)
        {
            length = TimerFiles.RenderFrequency(new Span<byte>(bytes, buffer.Length));
        }

        Assert.Equal("active slow\nactive_hz 100\nslow 100\nfast 2500000000\n", Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Theory]
    [InlineData(0UL, 1_000UL, 0UL)]
    [InlineData(1_000UL, 1_000UL, 1_000_000_000UL)]
    [InlineData(3_000_000_000UL, 2_000_000_000UL, 1_500_000_000UL)]
    [InlineData(ulong.MaxValue, 3_000_000_000UL, 6_148_914_691_236_517_205UL)] // no overflow for a full 64-bit count
    [InlineData(12345UL, 0UL, 0UL)]
    public void CounterTicksBecomeNanoseconds(ulong count, ulong hz, ulong expected)
    {
        Assert.Equal(expected, CounterClock.ToNanoseconds(count, hz));
    }

    [Fact]
    public void CalibrationScalesByTheReferenceClock()
    {
        // 50 ms of PIT input (59659 ticks of 1193182 Hz) during which a 3 GHz counter advanced 150 million.
        Assert.Equal(150_000_000UL * 1193182 / 59659, CounterClock.Calibrate(150_000_000, 59659, 1193182));
        Assert.Equal(0UL, CounterClock.Calibrate(150_000_000, 0, 1193182));
    }
}
