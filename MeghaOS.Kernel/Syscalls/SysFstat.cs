// fstat(fd, statbuf): describes an open file.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 5.</summary>
public static unsafe class SysFstat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => Describe(ProcessTable.Current, (int)registers->Rdi, registers->Rsi);

    /// <summary>Writes descriptor <paramref name="fd"/>'s struct stat to <paramref name="address"/>: 0 or -errno.</summary>
    public static long Describe(Process* process, int fd, ulong address)
    {
        OpenFile* file = ProcessTable.Descriptor(process, fd, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        byte* buffer = stackalloc byte[StatBuffer.Size];
        int status = StatBuffer.FromOpenFile(buffer, file);
        return status != 0 ? status : UserMemory.CopyOut(process, address, buffer, StatBuffer.Size);
    }
}
