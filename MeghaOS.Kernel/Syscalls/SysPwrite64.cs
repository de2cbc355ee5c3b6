// pwrite64(fd, buffer, count, offset): write at an offset without moving the file's own offset (files only).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 18.</summary>
public static unsafe class SysPwrite64
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        OpenFile* file = ProcessTable.Descriptor(process, (int)registers->Rdi, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (file->Kind != OpenFileKind.Vfs)
        {
            return -Errno.ESPIPE;
        }

        long offset = (long)registers->R10;
        return offset < 0 ? -Errno.EINVAL : SysWrite.Transfer(process, (int)registers->Rdi, registers->Rsi, registers->Rdx, offset);
    }
}
