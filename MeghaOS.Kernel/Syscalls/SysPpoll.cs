// ppoll(fds, nfds, timeout, sigmask, sigsetsize): poll with a struct timespec timeout (null: no limit) and a signal
// mask for the wait: the blocked mask is replaced by it while the call waits and put back after, except when the call
// ends with EINTR, when the handler's frame records the old mask as the one to restore (Process.SuspendedMask, as
// rt_sigsuspend does; Signals.DeliverPending puts it back when no handler runs). As on Linux, the time left is written back into the timespec when it was not zero (a failure to write
// it is ignored), and the checks come in Linux's order: the timespec (EFAULT, EINVAL), the mask (EINVAL, EFAULT),
// then the array (Poll.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 271.</summary>
public static unsafe class SysPpoll
{
    /// <summary>Bytes of the kernel's signal set, the only sigsetsize accepted.</summary>
    public const ulong SignalSetBytes = 8;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        ulong timeoutAddress = registers->Rdx;
        ulong deadline = PollWaiters.Forever;
        if (timeoutAddress != 0)
        {
            int status = Clock.ReadTimespec(process, timeoutAddress, out ulong nanoseconds);
            if (status != 0)
            {
                return status;
            }

            ulong now = Clock.Now;
            deadline = nanoseconds == 0 ? 0 : nanoseconds >= PollWaiters.Forever - now ? PollWaiters.Forever - 1 : now + nanoseconds;
        }

        if (registers->R10 != 0)
        {
            if (registers->R8 != SignalSetBytes)
            {
                return -Errno.EINVAL;
            }

            ulong mask;
            if (UserMemory.CopyIn(process, registers->R10, &mask, SignalSetBytes) != 0)
            {
                return -Errno.EFAULT;
            }

            process->SuspendedMask = process->BlockedSignals;
            process->HasSuspendedMask = true;
            process->BlockedSignals = mask & ~Signals.Unblockable;
        }

        long result = Poll.Wait(process, registers->Rdi, registers->Rsi, deadline);
        if (process->HasSuspendedMask && result != -Errno.EINTR)
        {
            process->BlockedSignals = process->SuspendedMask;
            process->HasSuspendedMask = false;
        }

        if (timeoutAddress != 0 && deadline != 0)
        {
            ulong now = Clock.Now;
            Clock.WriteTimespec(process, timeoutAddress, deadline > now ? deadline - now : 0);
        }

        return result;
    }
}
