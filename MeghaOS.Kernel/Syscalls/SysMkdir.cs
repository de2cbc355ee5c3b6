// mkdir(path, mode): mkdirat relative to the current directory.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 83.</summary>
public static unsafe class SysMkdir
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysMkdirat.Make(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi);
}
