// The ring3 command's parsing on the host, over the harness's fake machine (the probes themselves run in QEMU:
// EndToEnd/UserModeEndToEndTests.cs): which probe is asked for, the listing for an unknown one, usage, and the
// answer on a machine without user mode.
namespace MeghaOS.Tests.Shell;

using System;
using MeghaOS.Shell;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class RingThreeCommandTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void ProbeAndBenchGoToTheMachine()
    {
        Assert.Equal("", KernelHarness.Run("ring3 probe known"));
        Assert.Equal("", KernelHarness.Run("ring3 bench"));
        Assert.Equal(new[] { "known", "bench" }, KernelHarness.UserProbeRuns);
    }

    [Fact]
    public void AnUnknownProbeListsTheNames()
    {
        Assert.Equal("ring3: no probe 'nope'; probes: known\n", KernelHarness.Run("ring3 probe nope"));
        Assert.Equal("probes: known\n", KernelHarness.Run("ring3 probe"));
        Assert.Equal(new[] { "nope" }, KernelHarness.UserProbeRuns);
    }

    [Theory]
    [InlineData("ring3")]
    [InlineData("ring3 jump")]
    [InlineData("ring3 probe a b")]
    [InlineData("ring3 bench now")]
    public void OtherWordsGetTheUsage(string line)
    {
        Assert.Equal("ring3: usage: ring3 probe [NAME] | ring3 bench\n", KernelHarness.Run(line));
        Assert.Empty(KernelHarness.UserProbeRuns);
    }

    [Fact]
    public void AMachineWithoutUserModeSaysSo()
    {
        CommandShell.Reset();
        Assert.True(CommandShell.Initialize(default));
        Assert.Equal("ring3: user mode is not available on this machine\n", KernelHarness.Run("ring3 probe known"));
    }
}
