// The static musl programs (MeghaOS.User/Musl/) on the host: the same binaries MeghaOS must run unmodified.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.IO;
using System.Linq;
using Xunit;

public sealed class MuslProgramTests
{
    /// <summary>What musl-signals prints, on Linux and on MeghaOS alike (UserProgramsEndToEndTests).</summary>
    public const string SignalsOutput =
        "usr1: handler ran once, si_signo SIGUSR1, si_code SI_USER, si_pid self\n" +
        "usr1: sigaction returns the handler installed\n" +
        "segv: null write caught, si_addr 0, siglongjmp out\n" +
        "segv-exit: handler exited with 51\n" +
        "ill-exit: handler exited with 44\n" +
        "trap: int3 handled, execution resumed after it\n" +
        "sigint: ignored, still running\n" +
        "sigint: handled once\n" +
        "mask: 0 while blocked, 1 after unblocking\n" +
        "fp: xmm8 and MXCSR kept across a handler that changed them\n" +
        "raise: handler ran (tkill)\n" +
        "sigsuspend: woke with EINTR after the handler, SIGUSR1 blocked again after\n" +
        "eintr: blocking read returned EINTR after the handler ran\n" +
        "signals: all passed\n";

    // The same binary on Linux: its checks agree with the kernel it was written against.
    [Fact]
    public void SignalsPassesEveryCheckOnLinux()
    {
        ProgramRun run = UserProgramHost.Run("musl-signals", Array.Empty<string>());
        Assert.Equal(SignalsOutput, run.Text);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void HelloPrintsItsLine()
    {
        ProgramRun run = UserProgramHost.Run("musl-hello", Array.Empty<string>());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello from musl\n", run.Text);
    }

    [Fact]
    public void CatCopiesBytesUnchanged()
    {
        byte[] data = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();
        Assert.Equal(data, UserProgramHost.Run("musl-cat", Array.Empty<string>(), data).Output);
        ProgramRun missing = UserProgramHost.Run("musl-cat", new[] { "/nonexistent/file" });
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("musl-cat: /nonexistent/file: No such file or directory\n", missing.Error);
    }

    [Fact]
    public void PabReaderCountsBits()
    {
        string path = Path.Combine(Path.GetTempPath(), "meghaos-musl-pab-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[] { 0xE9, 0xE4 });
        try
        {
            ProgramRun run = UserProgramHost.Run("musl-pab", new[] { path });
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("used 9\nfree 7\n", run.Text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
