// rt_sigreturn(): the end of a signal handler (musl's __restore_rt calls it); restores the interrupted context from
// the signal frame and returns its RAX (Signals.Return; a forged or unreadable frame ends the process with SIGSEGV).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 15.</summary>
public static unsafe class SysRtSigreturn
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => Signals.Return(registers);
}
