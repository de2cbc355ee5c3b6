// The kernel shell's run command on the host, over the harness's fake machine (programs really run in QEMU:
// EndToEnd/UserProgramsEndToEndTests.cs): a name is looked up in /bin, argv and envp reach the machine as the
// loader expects them, the prompt waits for the program's end, and a refused start names its errno.
namespace MeghaOS.Tests.Shell;

using System;
using MeghaOS.Shell;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void ANameIsAProgramInBinWithItsArgumentsAndTheKernelsEnvironment()
    {
        Assert.Equal("", KernelHarness.Run("run echo one 'two words'"));
        var start = Assert.Single(KernelHarness.ProgramStarts);
        Assert.Equal("/bin/echo", start.Path);
        Assert.Equal(new[] { "echo", "one", "two words" }, start.Arguments);
        Assert.Equal(new[] { "PATH=/bin", "HOME=/" }, start.Environment);
    }

    [Fact]
    public void APathIsTakenAsItIs()
    {
        KernelHarness.Run("run /tmp/prog");
        Assert.Equal("/tmp/prog", Assert.Single(KernelHarness.ProgramStarts).Path);
        Assert.Equal(new[] { "/tmp/prog" }, KernelHarness.ProgramStarts[0].Arguments);
    }

    [Fact]
    public void ThePromptWaitsForTheProgramToEnd()
    {
        string typed = KernelHarness.Type("run musl-hello\r");
        Assert.DoesNotContain("meghaos:", typed);
        string next = KernelHarness.Type("help\r");
        Assert.Contains("meghaos:/$ ", next);
    }

    [Theory]
    [InlineData(Errno.ENOENT, "run: /bin/nope: errno 2 (ENOENT: no such file)\n")]
    [InlineData(Errno.ENOEXEC, "run: /bin/nope: errno 8 (ENOEXEC: not a static x86-64 executable)\n")]
    [InlineData(Errno.EAGAIN, "run: /bin/nope: errno 11 (EAGAIN: too many processes)\n")]
    [InlineData(Errno.EBUSY, "run: /bin/nope: errno 16 (EBUSY: a program the kernel started still runs)\n")]
    public void ARefusedStartNamesItsErrnoAndThePromptComesBack(int errno, string message)
    {
        KernelHarness.ProgramStartResult = -errno;
        Assert.Equal(message, KernelHarness.Run("run nope"));
        Assert.Contains("meghaos:/$ ", KernelHarness.Type("run nope\r"));
    }

    [Fact]
    public void WithoutAProgramOrUserModeItSaysSo()
    {
        Assert.Equal("run: usage: run PROGRAM [ARG...]\n", KernelHarness.Run("run"));
        CommandShell.Reset();
        Assert.True(CommandShell.Initialize(default));
        Assert.Equal("run: user programs are not available on this machine\n", KernelHarness.Run("run echo"));
    }
}
