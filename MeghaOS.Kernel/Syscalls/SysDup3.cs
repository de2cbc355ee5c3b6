// dup3(old, new, flags): makes descriptor new refer to old's open file, closing what new held; EINVAL when they are
// equal. Flag O_CLOEXEC.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 292.</summary>
public static unsafe class SysDup3
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        int flags = (int)registers->Rdx;
        if ((flags & ~SyscallFlags.CloseOnExec) != 0 || (int)registers->Rdi == (int)registers->Rsi)
        {
            return -Errno.EINVAL;
        }

        return Duplicate(ProcessTable.Current, (int)registers->Rdi, (int)registers->Rsi, flags != 0);
    }

    /// <summary>Makes <paramref name="newFd"/> a copy of <paramref name="oldFd"/>: newFd or -errno.</summary>
    public static long Duplicate(Process* process, int oldFd, int newFd, bool closeOnExec)
    {
        if (ProcessTable.Descriptor(process, oldFd, out int index) == null || newFd < 0 || newFd >= Process.MaxFiles)
        {
            return -Errno.EBADF;
        }

        if (oldFd == newFd)
        {
            return newFd;
        }

        // Take the reference first: closing newFd may drop the last other reference to the same open file.
        OpenFileTable.AddReference(index);
        if (process->Files[newFd] != 0)
        {
            ProcessTable.CloseDescriptor(process, newFd);
        }

        process->Files[newFd] = index + 1;
        process->CloseOnExec = closeOnExec ? process->CloseOnExec | (1UL << newFd) : process->CloseOnExec & ~(1UL << newFd);
        return newFd;
    }
}
