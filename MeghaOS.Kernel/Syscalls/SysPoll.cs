// poll(fds, nfds, timeout): waits until one of the descriptors is ready (Poll.cs), at most timeout milliseconds; 0
// only looks, a negative timeout waits without limit. What `busybox vi` waits for keys with, and what programs use to
// watch pipes and the console together.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 7.</summary>
public static unsafe class SysPoll
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int milliseconds = (int)registers->Rdx;
        ulong deadline = PollWaiters.Forever;
        if (milliseconds >= 0)
        {
            deadline = Clock.Now + (ulong)milliseconds * 1_000_000;
        }

        return Poll.Wait(ProcessTable.Current, registers->Rdi, registers->Rsi, milliseconds == 0 ? 0 : deadline);
    }
}
