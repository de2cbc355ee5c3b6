// write(fd, buffer, count): copies the program's bytes in and writes them through the open file (UserTransfer.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 1.</summary>
public static unsafe class SysWrite
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        UserTransfer.Transfer(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, registers->Rdx, -1, true);
}
