// fcntl(fd, cmd, arg): F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD (FD_CLOEXEC), F_GETFL, F_SETFL (O_APPEND and
// O_NONBLOCK). Locks and the rest: EINVAL.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 72.</summary>
public static unsafe class SysFcntl
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        int fd = (int)registers->Rdi;
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        ulong argument = registers->Rdx;
        switch ((int)registers->Rsi)
        {
            case 0: // F_DUPFD
                return SysDup.Duplicate(process, fd, (int)argument, false);
            case 1030: // F_DUPFD_CLOEXEC
                return SysDup.Duplicate(process, fd, (int)argument, true);
            case 1: // F_GETFD
                return (long)((process->CloseOnExec >> fd) & 1);
            case 2: // F_SETFD
                process->CloseOnExec = (argument & 1) != 0 ? process->CloseOnExec | (1UL << fd) : process->CloseOnExec & ~(1UL << fd);
                return 0;
            case 3: // F_GETFL
                return file->Flags;
            case 4: // F_SETFL
                const int Changeable = SyscallFlags.Append | SyscallFlags.NonBlock;
                file->Flags = (file->Flags & ~Changeable) | ((int)argument & Changeable);
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }
}
