// writev(fd, iov, iovcnt): write each buffer of the iovec array in turn (musl's stdio writes through it;
// UserTransfer.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 20.</summary>
public static unsafe class SysWritev
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        UserTransfer.Vectored(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (long)registers->Rdx, true);
}
