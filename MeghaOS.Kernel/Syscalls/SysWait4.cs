// wait4(pid, status, options, rusage): waits for a child to end (any child for pid -1 or 0, there being no process
// groups), reaps it and writes its wait status; WNOHANG returns 0 at once while none has ended. rusage, when given,
// is written as zeros (no accounting yet). ECHILD without such a child.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 61.</summary>
public static unsafe class SysWait4
{
    /// <summary>sizeof(struct rusage).</summary>
    public const int ResourceUsageBytes = 144;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        int options = (int)registers->Rdx;
        if ((options & ~(SyscallFlags.WaitNoHang | 2 | 8 | 0x20000000 | 0x40000000 | unchecked((int)0x80000000))) != 0)
        {
            return -Errno.EINVAL; // WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL and __WCLONE are accepted and mean nothing here
        }

        ulong statusAddress = registers->Rsi;
        ulong usageAddress = registers->R10;
        if ((statusAddress != 0 && !UserMemory.IsUserRange(statusAddress, 4)) ||
            (usageAddress != 0 && !UserMemory.IsUserRange(usageAddress, ResourceUsageBytes)))
        {
            return -Errno.EFAULT;
        }

        int pid = ProcessTable.Wait((int)registers->Rdi, options, out int waitStatus);
        if (pid <= 0)
        {
            return pid;
        }

        if (statusAddress != 0 && UserMemory.CopyOut(process, statusAddress, &waitStatus, 4) != 0)
        {
            return -Errno.EFAULT;
        }

        if (usageAddress != 0)
        {
            byte* usage = stackalloc byte[ResourceUsageBytes];
            for (int i = 0; i < ResourceUsageBytes; i++)
            {
                usage[i] = 0;
            }

            if (UserMemory.CopyOut(process, usageAddress, usage, ResourceUsageBytes) != 0)
            {
                return -Errno.EFAULT;
            }
        }

        return pid;
    }
}
