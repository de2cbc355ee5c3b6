// One boot of the ISO (GRUB passes the build's whole initial ramdisk, busybox included, which QEMU's -kernel loader
// cannot carry) shared by a test class, driven at the user shell /bin/sh that /bin/init starts. Like
// SharedQemuFixture, tests must not depend on each other's order: before each one the shell is resynchronised to a
// prompt in / (Ctrl-C abandons a partial line; the shell and init survive it), after each one it must still answer,
// or the test fails and the next one boots again. The time from starting QEMU to the first user prompt is noted
// (a figure to report, never asserted).
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Diagnostics;
using MeghaOS.Tests.Boot;
using Xunit;

/// <summary>The ISO booted once to the user shell, brought back to a prompt in / before each test.</summary>
public sealed class UserShellFixture : IDisposable
{
    /// <summary>The user shell's prompt in the root directory.</summary>
    public const string Prompt = "sh:/$ ";

    /// <summary>The user shell's prompt in any directory ("sh:CWD$ ").</summary>
    public const string PromptPattern = @"sh:/[^\n$]*\$ ";

    /// <summary>Longest wait for a boot.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Longest wait for one command's output.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ResyncTimeout = TimeSpan.FromSeconds(10);

    private bool _mustReboot;
    private int _resyncs;
    private int _testOutputStart;

    /// <summary>Boots the ISO and waits for the user shell's first prompt.</summary>
    public UserShellFixture()
    {
        Qemu = Boot(out long milliseconds);
        BootMilliseconds = milliseconds;
    }

    /// <summary>The running session (a new one if the kernel had to be booted again).</summary>
    public QemuSession Qemu { get; private set; }

    /// <summary>Milliseconds from starting QEMU to the first user shell prompt, for the first boot.</summary>
    public long BootMilliseconds { get; }

    /// <summary>Boots the build's ISO and waits for the user shell's prompt; <paramref name="milliseconds"/> is how long that took.</summary>
    public static QemuSession Boot(out long milliseconds)
    {
        var clock = Stopwatch.StartNew();
        QemuSession qemu = QemuSession.Start(BootMedium.Iso, 64);
        try
        {
            qemu.WaitFor(Prompt, BootTimeout);
        }
        catch
        {
            qemu.Dispose();
            throw;
        }

        milliseconds = clock.ElapsedMilliseconds;
        return qemu;
    }

    /// <summary>
    /// For tests of the kernel's shell on the ISO (which starts /bin/init): waits for the user shell's prompt, types
    /// `exit` (init then ends with 0) and waits for the kernel's prompt.
    /// </summary>
    public static void ExitToKernelShell(QemuSession qemu, TimeSpan timeout)
    {
        int prompt = qemu.WaitFor(Prompt, timeout);
        qemu.SendLine("exit");
        qemu.WaitFor("[process 1 exited with status 0]\n" + Kernel.Prompt, timeout, prompt);
    }

    /// <summary>Runs a line at the user shell and returns its output up to the next prompt.</summary>
    public string Run(string line) => Qemu.Run(line, CommandTimeout, PromptPattern);

    /// <summary>Before a test: a prompt in /, or a fresh boot if the shell does not answer.</summary>
    public void BeginTest()
    {
        string? problem = _mustReboot || !Qemu.IsRunning || Panicked() ? "an earlier test left the kernel unusable" : TryResync();
        if (problem != null)
        {
            Qemu.Dispose();
            Qemu = Boot(out _);
            _mustReboot = false;
            problem = TryResync();
            Assert.True(problem == null, "a freshly booted kernel's user shell did not answer: " + problem + "\n" + Qemu.Describe());
        }

        _testOutputStart = Qemu.Output.Length;
    }

    /// <summary>After a test: the shell must still answer, or the test fails and the next one boots again.</summary>
    public void EndTest()
    {
        string? problem = !Qemu.IsRunning ? "QEMU exited" : Panicked() ? "the kernel panicked" : TryResync();
        if (problem != null)
        {
            _mustReboot = true;
            Assert.Fail("after the test the user shell did not answer (" + problem + "); the next test boots again.\n" + Qemu.Describe());
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Qemu.Dispose();

    // Ends any escape sequence (CAN), abandons any partial line or running program (Ctrl-C), then `cd /` must be
    // answered by a prompt. The kernel echoes typed bytes at once while sh prints its prompt when it gets to it, so
    // a line typed before sh is back at its read can be cut by a prompt: a marker line printed by echo shows when
    // everything before it is consumed (typed with two blanks, printed with one, so the echo of the typing never
    // matches what the shell prints).
    private string? TryResync()
    {
        try
        {
            int start = Qemu.Output.Length;
            string marker = "resync " + ++_resyncs;
            Qemu.Send("\u0018\u0003\r");
            Qemu.WaitForPrompt(ResyncTimeout, start, PromptPattern); // type the marker only once sh reads again
            Qemu.SendLine("echo resync  " + _resyncs);
            int answered = Qemu.WaitFor(marker + "\n", ResyncTimeout, start);
            Qemu.WaitForPrompt(ResyncTimeout, answered, PromptPattern);
            string reply = Qemu.Run("cd /", ResyncTimeout, PromptPattern);
            return reply == "" ? null : "cd / printed '" + reply + "'";
        }
        catch (Exception failure) when (failure is TimeoutException or System.IO.IOException)
        {
            return failure.Message;
        }
    }

    private bool Panicked()
    {
        string output = Qemu.Output;
        return output.IndexOf(Kernel.PanicMarker, Math.Min(_testOutputStart, output.Length), StringComparison.Ordinal) >= 0;
    }
}
