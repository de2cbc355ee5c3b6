// unlink(path): removes a file (EISDIR for a directory).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 87.</summary>
public static unsafe class SysUnlink
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysUnlinkat.Remove(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, false);
}
