// The sleep command: waits through the Timer facade, across a source switch, and rejects bad arguments.
namespace MeghaOS.Tests.Shell;

using System;
using MeghaOS.Devices;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SleepCommandTests : IDisposable
{
    private static ulong s_now;
    private static int s_idleCalls;
    private readonly KernelHarness _kernel = new();

    public SleepCommandTests()
    {
        s_now = 0;
        s_idleCalls = 0;
        Assert.True(Timer.SetOperations(new TimerOperations { Name = "fake", ReadNanoseconds = &Read, FrequencyHz = &Hz }));
        Timer.SetIdle(&Idle);
    }

    public void Dispose() => _kernel.Dispose();

    private static ulong Read(void* context) => s_now;

    private static ulong Hz(void* context) => 1000;

    // Each idle call is one millisecond passing (the kernel would sleep until the given uptime).
    private static void Idle(ulong until)
    {
        s_idleCalls++;
        s_now += 1_000_000;
    }

    [Fact]
    public void SleepWaitsTheGivenTime()
    {
        Assert.Equal("", KernelHarness.Run("sleep 25"));
        Assert.Equal(25, s_idleCalls);
        Assert.Equal(25_000_000UL, Timer.UptimeNanoseconds);
        Assert.Equal("", KernelHarness.Run("sleep 0"));
        Assert.Equal(25, s_idleCalls);
    }

    [Theory]
    [InlineData("sleep", "sleep: usage: sleep MILLISECONDS\n")]
    [InlineData("sleep 1 2", "sleep: usage: sleep MILLISECONDS\n")]
    [InlineData("sleep ten", "sleep: expected a number of milliseconds from 0 to 60000\n")]
    [InlineData("sleep 60001", "sleep: expected a number of milliseconds from 0 to 60000\n")]
    public void BadArgumentsGiveAnErrorAndDoNotWait(string line, string expected)
    {
        Assert.Equal(expected, KernelHarness.Run(line));
        Assert.Equal(0, s_idleCalls);
    }
}
