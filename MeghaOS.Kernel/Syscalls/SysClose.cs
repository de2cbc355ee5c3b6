// close(fd): the descriptor goes; the open file goes with its last descriptor (a pipe end then closes).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 3.</summary>
public static unsafe class SysClose
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        return process == null ? -Errno.EBADF : ProcessTable.CloseDescriptor(process, (int)registers->Rdi);
    }
}
