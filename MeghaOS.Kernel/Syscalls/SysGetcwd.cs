// getcwd(buffer, size): the current directory with its NUL; returns the length including the NUL, ERANGE when it
// does not fit.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 79.</summary>
public static unsafe class SysGetcwd
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return -Errno.EFAULT;
        }

        int length = process->WorkingDirectoryLength;
        if (registers->Rsi < (ulong)length + 1)
        {
            return -Errno.ERANGE;
        }

        byte* buffer = stackalloc byte[VfsPath.MaxPathLength + 1];
        for (int i = 0; i < length; i++)
        {
            buffer[i] = process->WorkingDirectory[i];
        }

        buffer[length] = 0;
        int status = UserMemory.CopyOut(process, registers->Rdi, buffer, (ulong)length + 1);
        return status != 0 ? status : length + 1;
    }
}
