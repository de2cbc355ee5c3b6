// open(path, flags, mode): openat relative to the current directory.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 2.</summary>
public static unsafe class SysOpen
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysOpenat.Open(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, (int)registers->Rsi);
}
