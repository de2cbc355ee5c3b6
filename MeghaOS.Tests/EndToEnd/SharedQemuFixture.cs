// One booted kernel (64 MiB, serial console, QEMU monitor on a socket) shared by the end-to-end tests of a class,
// so they cost one boot. Each test leaves the shell at the prompt in / and undoes what it allocated.
namespace MeghaOS.Tests.EndToEnd;

using System;
using MeghaOS.Tests.Boot;

/// <summary>A QEMU session booted once for a test class.</summary>
public sealed class SharedQemuFixture : IDisposable
{
    /// <summary>Longest wait for a boot.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for one command's output.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Boots the kernel and waits for the first prompt.</summary>
    public SharedQemuFixture()
    {
        Qemu = QemuSession.Start(BootMedium.Kernel, 64, withMonitor: true);
        Qemu.WaitFor(Kernel.Prompt, BootTimeout);
    }

    /// <summary>The running session.</summary>
    public QemuSession Qemu { get; }

    /// <summary>Runs a shell line and returns its output.</summary>
    public string Run(string line) => Qemu.Run(line, CommandTimeout);

    /// <inheritdoc/>
    public void Dispose() => Qemu.Dispose();
}
