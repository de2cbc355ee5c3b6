// dup2(old, new): dup3 without flags, and new == old only checks old.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 33.</summary>
public static unsafe class SysDup2
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysDup3.Duplicate(ProcessTable.Current, (int)registers->Rdi, (int)registers->Rsi, false);
}
