// One booted kernel (64 MiB, serial console, QEMU monitor on a socket) shared by the end-to-end tests of a class,
// so they cost one boot. Tests must not depend on each other's order, so every test starts from the same state
// (SharedQemuTest calls BeginTest and EndTest around each one): before it, any partial line or escape sequence is
// abandoned, the shell is resynchronised to a prompt in /, every subsystem is switched back to the implementation
// active at boot, and the allocated-frame count is noted; after it, frames it left allocated with `pmm alloc` or
// `pmm alloc-at` (seen in Run's replies) are freed and reported, and allocated_frames in /sys/pmm/stats must be
// back to its value from before, or the test fails. A kernel that panicked or no longer answers is booted again.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using Xunit;

/// <summary>A QEMU session booted once for a test class, brought back to its boot state before each test.</summary>
public sealed class SharedQemuFixture : IDisposable
{
    /// <summary>Longest wait for a boot.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for one command's output.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    // Longest wait for the shell to answer again between tests; past it, the kernel is booted again.
    private static readonly TimeSpan ResyncTimeout = TimeSpan.FromSeconds(10);

    // The subsystems with a /sys/NAME/implementation file (docs/files.md), read together in one cat.
    private static readonly string[] Subsystems = { "pmm", "heap", "console", "timer", "vm" };

    private static readonly Regex AllocatedReply = new(@"^allocated (\d+) frames? at 0x([0-9a-f]{16}) \(frame \d+\)\n$");
    private static readonly Regex FreedReply = new(@"^freed (\d+) frames? at 0x([0-9a-f]{16})\n$");

    // Frames allocated through Run in the current test and not yet freed through it: (address, count).
    private readonly List<(long Address, long Count)> _allocations = new();

    // The implementation files as read right after boot, one line per subsystem, and each one's active name.
    private string[] _bootImplementations = Array.Empty<string>();
    private string[] _bootActive = Array.Empty<string>();

    private long _allocatedFramesBefore;
    private bool _mustReboot;

    // Where the serial output of the current test starts (a panic after it means the kernel is gone).
    private int _testOutputStart;

    /// <summary>Boots the kernel and waits for the first prompt.</summary>
    public SharedQemuFixture()
    {
        Qemu = Boot();
    }

    /// <summary>The running session (a new one if the kernel had to be booted again).</summary>
    public QemuSession Qemu { get; private set; }

    /// <summary>
    /// Runs a shell line and returns its output. Replies to <c>pmm alloc</c>, <c>pmm alloc-at</c> and <c>pmm free</c>
    /// are noted, so that what a test leaves allocated is freed after it (and the test fails).
    /// </summary>
    public string Run(string line)
    {
        string output = Qemu.Run(line, CommandTimeout);
        Match allocated = AllocatedReply.Match(output);
        if (allocated.Success && (line.StartsWith("pmm alloc ", StringComparison.Ordinal) || line.StartsWith("pmm alloc-at ", StringComparison.Ordinal)))
        {
            _allocations.Add((long.Parse(allocated.Groups[2].Value, NumberStyles.HexNumber), long.Parse(allocated.Groups[1].Value)));
        }

        Match freed = FreedReply.Match(output);
        if (freed.Success && line.StartsWith("pmm free ", StringComparison.Ordinal))
        {
            _allocations.Remove((long.Parse(freed.Groups[2].Value, NumberStyles.HexNumber), long.Parse(freed.Groups[1].Value)));
        }

        return output;
    }

    /// <summary>
    /// Brings the kernel to its boot state before a test: no partial line, prompt in /, the boot implementations
    /// active; notes allocated_frames. Boots again if the shell does not answer (a previous test broke it).
    /// </summary>
    public void BeginTest()
    {
        _allocations.Clear();
        string? problem = _mustReboot || !Qemu.IsRunning || Panicked() ? "an earlier test left the kernel unusable" : TryReset();
        if (problem != null)
        {
            Qemu.Dispose();
            Qemu = Boot();
            _mustReboot = false;
            problem = TryReset();
            Assert.True(problem == null, "a freshly booted kernel could not be reset: " + problem + "\n" + Qemu.Describe());
        }

        _allocatedFramesBefore = AllocatedFrames();
        _testOutputStart = Qemu.Output.Length;
    }

    /// <summary>
    /// After a test: frees what it left allocated and fails it if it did, or if allocated_frames differs from
    /// before the test. A shell that no longer answers fails the test and makes the next one boot again.
    /// </summary>
    public void EndTest()
    {
        string? problem = !Qemu.IsRunning ? "QEMU exited" : Panicked() ? "the kernel panicked" : TryResync();
        if (problem != null)
        {
            _mustReboot = true;
            Assert.Fail("after the test the shell did not answer (" + problem + "); the next test boots again.\n" + Qemu.Describe());
        }

        var errors = new StringBuilder();
        for (int i = _allocations.Count - 1; i >= 0; i--)
        {
            (long address, long count) = _allocations[i];
            string line = "pmm free 0x" + address.ToString("x16", CultureInfo.InvariantCulture) + " " + count;
            string reply = Qemu.Run(line, CommandTimeout);
            errors.Append("the test left ").Append(count).Append(" frames allocated at 0x").Append(address.ToString("x16", CultureInfo.InvariantCulture))
                .Append(" (freed after it: '").Append(line).Append("' -> '").Append(reply.TrimEnd('\n')).Append("')\n");
        }

        _allocations.Clear();
        long after = AllocatedFrames();
        if (after != _allocatedFramesBefore)
        {
            errors.Append("allocated_frames in /sys/pmm/stats was ").Append(_allocatedFramesBefore).Append(" before the test and is ")
                .Append(after).Append(" after it (and after freeing what the test left allocated through Run)\n");
        }

        Assert.True(errors.Length == 0, errors.ToString());
    }

    /// <inheritdoc/>
    public void Dispose() => Qemu.Dispose();

    private QemuSession Boot()
    {
        QemuSession qemu = QemuSession.Start(BootMedium.Kernel, 64, withMonitor: true);
        try
        {
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            _bootImplementations = ImplementationLines(qemu.Run(ImplementationsCommand(), CommandTimeout));
            _bootActive = new string[Subsystems.Length];
            for (int i = 0; i < Subsystems.Length; i++)
            {
                Match active = Regex.Match(_bootImplementations[i], @"\[([^\]\s]+)\]");
                Assert.True(active.Success, $"no [active] name in /sys/{Subsystems[i]}/implementation: '{_bootImplementations[i]}'");
                _bootActive[i] = active.Groups[1].Value;
            }
        }
        catch
        {
            qemu.Dispose();
            throw;
        }

        return qemu;
    }

    // Resynchronises, goes to /, switches every subsystem back to its boot implementation; null, or what failed.
    private string? TryReset()
    {
        string? problem = TryResync();
        if (problem != null)
        {
            return problem;
        }

        try
        {
            string[] now = ImplementationLines(Qemu.Run(ImplementationsCommand(), ResyncTimeout));
            for (int i = 0; i < Subsystems.Length; i++)
            {
                if (now[i] != _bootImplementations[i])
                {
                    string reply = Qemu.Run("echo " + _bootActive[i] + " > /sys/" + Subsystems[i] + "/implementation", ResyncTimeout);
                    if (reply != "")
                    {
                        return $"switching {Subsystems[i]} back to {_bootActive[i]}: {reply}";
                    }
                }
            }

            string[] back = ImplementationLines(Qemu.Run(ImplementationsCommand(), ResyncTimeout));
            return string.Join("\n", back) == string.Join("\n", _bootImplementations)
                ? null
                : "implementations not back to the boot ones: " + string.Join(" | ", back);
        }
        catch (Exception failure) when (failure is TimeoutException or Xunit.Sdk.XunitException)
        {
            return failure.Message;
        }
    }

    // Ends any escape sequence (CAN) and abandons any partial line (Ctrl-C; Enter ends a too-long line being
    // discarded), then waits until `cd /` is echoed and answered with a prompt; null, or what failed.
    private string? TryResync()
    {
        try
        {
            Qemu.Send("\u0018\u0003\r");
            string reply = Qemu.Run("cd /", ResyncTimeout);
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

    private long AllocatedFrames() =>
        long.Parse(ShellTranscript.DecodeStats(Qemu.Run("cat /sys/pmm/stats", CommandTimeout))["allocated_frames"]);

    private static string ImplementationsCommand() => "cat /sys/" + string.Join("/implementation /sys/", Subsystems) + "/implementation";

    private static string[] ImplementationLines(string output)
    {
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == Subsystems.Length, "expected one implementation line per subsystem:\n" + output);
        return lines;
    }
}
