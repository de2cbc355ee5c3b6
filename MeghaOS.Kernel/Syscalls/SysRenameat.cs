// renameat(olddirfd, oldpath, newdirfd, newpath): renameat2 without flags (replaces an existing new path).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 264.</summary>
public static unsafe class SysRenameat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysRenameat2.Rename(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, (int)registers->Rdx, registers->R10, false);
}
