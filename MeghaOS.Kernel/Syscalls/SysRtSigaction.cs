// rt_sigaction(signal, action, old, size): keeps the whole action (handler, flags, restorer, mask: SignalAction) per
// signal and writes the old one back exactly. Setting SIG_IGN (or SIG_DFL for a signal ignored by default) throws a
// pending instance away, as POSIX says. SIGKILL and SIGSTOP cannot be changed; size must be 8 (a 64-signal set).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 13.</summary>
public static unsafe class SysRtSigaction
{
    /// <summary>sizeof(struct sigaction) in the kernel's layout (handler, flags, restorer, mask).</summary>
    public const int ActionBytes = SignalAction.Bytes;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        int signal = (int)registers->Rdi;
        if (process == null || registers->Rdi < 1 || registers->Rdi > Process.SignalCount || registers->R10 != 8)
        {
            return -Errno.EINVAL;
        }

        SignalAction action = default;
        if (registers->Rsi != 0)
        {
            if (signal == Signals.Kill || signal == Signals.Stop)
            {
                return -Errno.EINVAL;
            }

            if (UserMemory.CopyIn(process, registers->Rsi, &action, ActionBytes) != 0)
            {
                return -Errno.EFAULT;
            }
        }

        SignalAction old = process->Action(signal);
        if (registers->Rdx != 0 && UserMemory.CopyOut(process, registers->Rdx, &old, ActionBytes) != 0)
        {
            return -Errno.EFAULT;
        }

        if (registers->Rsi != 0)
        {
            action.Mask &= ~Signals.Unblockable;
            bool interrupts = ProcessTable.DisableInterrupts();
            process->SetAction(signal, action);
            if (process->Ignores(signal))
            {
                process->PendingSignals &= ~Signals.Bit(signal);
            }

            ProcessTable.RestoreInterrupts(interrupts);
        }

        return 0;
    }
}
