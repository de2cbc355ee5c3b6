// read(fd, buffer, count): reads through the open file into the program's buffer (UserTransfer.cs). Pipes and the
// console return what one step gives (they may wait for it); files read on until the count or their end.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 0.</summary>
public static unsafe class SysRead
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        UserTransfer.Transfer(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, registers->Rdx, -1, false);
}
