// lstat(path, statbuf): stat, as there are no symbolic links.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 6.</summary>
public static unsafe class SysLstat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysNewfstatat.DescribePath(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, registers->Rsi);
}
