// pipe2(fds, flags): a new pipe; fds[0] reads, fds[1] writes (two ints). Flags O_CLOEXEC and O_NONBLOCK.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 293.</summary>
public static unsafe class SysPipe2
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => Create(ProcessTable.Current, registers->Rdi, (int)registers->Rsi);

    /// <summary>Makes the pipe and writes its two descriptors: 0 or -errno (nothing left open on failure).</summary>
    public static long Create(Process* process, ulong address, int flags)
    {
        if ((flags & ~(SyscallFlags.CloseOnExec | SyscallFlags.NonBlock)) != 0)
        {
            return -Errno.EINVAL;
        }

        if (process == null || !UserMemory.IsUserRange(address, 8))
        {
            return -Errno.EFAULT;
        }

        int status = OpenFileTable.CreatePipe(flags, out int reader, out int writer);
        if (status < 0)
        {
            return status;
        }

        bool closeOnExec = (flags & SyscallFlags.CloseOnExec) != 0;
        int* fds = stackalloc int[2];
        fds[0] = ProcessTable.InstallDescriptor(process, reader, 0, closeOnExec);
        fds[1] = fds[0] < 0 ? -1 : ProcessTable.InstallDescriptor(process, writer, 0, closeOnExec);
        if (fds[1] < 0)
        {
            if (fds[0] >= 0)
            {
                process->Files[fds[0]] = 0;
            }

            OpenFileTable.Release(reader);
            OpenFileTable.Release(writer);
            return -Errno.EMFILE;
        }

        if (UserMemory.CopyOut(process, address, fds, 8) != 0)
        {
            ProcessTable.CloseDescriptor(process, fds[0]);
            ProcessTable.CloseDescriptor(process, fds[1]);
            return -Errno.EFAULT;
        }

        return 0;
    }
}
