// rt_sigaction(signal, action, old, size): records whether a signal is ignored (SIG_IGN), has a handler, or is default
// (SIG_DFL), which decides whether Ctrl-C and kill end the process; handlers are never run (no delivery yet). The old
// action is written as SIG_DFL or SIG_IGN with no flags. SIGKILL and SIGSTOP cannot be changed.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 13.</summary>
public static unsafe class SysRtSigaction
{
    /// <summary>sizeof(struct sigaction) in the kernel's layout (handler, flags, restorer, mask).</summary>
    public const int ActionBytes = 32;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        int signal = (int)registers->Rdi;
        if (process == null || signal < 1 || signal > 64 || registers->R10 != 8)
        {
            return -Errno.EINVAL;
        }

        ulong bit = signal == 64 ? 1UL << 63 : 1UL << signal;
        if (registers->Rdx != 0)
        {
            ulong* old = stackalloc ulong[4];
            old[0] = (process->IgnoredSignals & bit) != 0 ? 1UL : 0UL; // a handler's address is not kept
            old[1] = 0;
            old[2] = 0;
            old[3] = 0;

            if (UserMemory.CopyOut(process, registers->Rdx, old, ActionBytes) != 0)
            {
                return -Errno.EFAULT;
            }
        }

        if (registers->Rsi != 0)
        {
            if (signal == SyscallFlags.SignalKill || signal == 19)
            {
                return -Errno.EINVAL;
            }

            if (UserMemory.ReadUInt64(process, registers->Rsi, out ulong handler) != 0)
            {
                return -Errno.EFAULT;
            }

            process->IgnoredSignals = handler == 1 ? process->IgnoredSignals | bit : process->IgnoredSignals & ~bit;
            process->HandledSignals = handler > 1 ? process->HandledSignals | bit : process->HandledSignals & ~bit;
        }

        return 0;
    }
}
