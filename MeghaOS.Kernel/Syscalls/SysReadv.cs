// readv(fd, iov, iovcnt): read into each buffer of the iovec array in turn, stopping at a short read (UserTransfer.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 19.</summary>
public static unsafe class SysReadv
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        UserTransfer.Vectored(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (long)registers->Rdx, false);
}
