// dup(fd): a second descriptor, the lowest free, for the same open file (shared offset).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 32.</summary>
public static unsafe class SysDup
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => Duplicate(ProcessTable.Current, (int)registers->Rdi, 0, false);

    /// <summary>Duplicates <paramref name="fd"/> into the lowest free descriptor from <paramref name="lowest"/>: it, or -errno.</summary>
    public static long Duplicate(Process* process, int fd, int lowest, bool closeOnExec)
    {
        if (ProcessTable.Descriptor(process, fd, out int index) == null)
        {
            return -Errno.EBADF;
        }

        if (lowest < 0 || lowest >= Process.MaxFiles)
        {
            return -Errno.EINVAL;
        }

        int newFd = ProcessTable.InstallDescriptor(process, index, lowest, closeOnExec);
        if (newFd >= 0)
        {
            OpenFileTable.AddReference(index);
        }

        return newFd;
    }
}
