// One signal's action as rt_sigaction passes it (Linux x86-64's kernel struct sigaction, 32 bytes: handler, flags,
// restorer, mask), kept whole per signal in the Process so the old action is returned exactly, and the flags the
// delivery code reads (docs/processes.md, "Signals").
namespace MeghaOS.Processes;

using System.Runtime.InteropServices;

/// <summary>A signal's action: what rt_sigaction stores and returns.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SignalAction
{
    /// <summary>sizeof(struct sigaction) in the kernel's layout.</summary>
    public const int Bytes = 32;

    /// <summary>SIG_DFL: the signal's default action.</summary>
    public const ulong Default = 0;

    /// <summary>SIG_IGN: the signal is thrown away.</summary>
    public const ulong Ignore = 1;

    /// <summary>SA_SIGINFO: the handler wants (signo, siginfo*, ucontext*); MeghaOS passes all three always, as Linux does.</summary>
    public const ulong FlagSigInfo = 0x4;

    /// <summary>SA_RESTORER: <see cref="Restorer"/> is the handler's return address (x86-64 requires it, musl always sets it).</summary>
    public const ulong FlagRestorer = 0x0400_0000;

    /// <summary>SA_RESTART: accepted; interrupted calls return EINTR all the same.</summary>
    public const ulong FlagRestart = 0x1000_0000;

    /// <summary>SA_NODEFER: the signal is not blocked while its handler runs.</summary>
    public const ulong FlagNoDefer = 0x4000_0000;

    /// <summary>SA_RESETHAND: the action goes back to SIG_DFL when the handler is entered.</summary>
    public const ulong FlagResetHand = 0x8000_0000;

    /// <summary>The handler's address, or <see cref="Default"/>, <see cref="Ignore"/>.</summary>
    public ulong Handler;

    /// <summary>SA_ flags.</summary>
    public ulong Flags;

    /// <summary>Where the handler returns (musl's __restore_rt, which calls rt_sigreturn).</summary>
    public ulong Restorer;

    /// <summary>Signals blocked while the handler runs (bit n - 1: signal n).</summary>
    public ulong Mask;
}
