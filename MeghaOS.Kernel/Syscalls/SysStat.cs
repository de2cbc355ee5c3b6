// stat(path, statbuf): newfstatat relative to the current directory.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 4.</summary>
public static unsafe class SysStat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysNewfstatat.DescribePath(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, registers->Rsi);
}
