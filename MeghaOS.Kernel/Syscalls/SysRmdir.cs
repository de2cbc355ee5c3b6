// rmdir(path): removes an empty directory (ENOTEMPTY otherwise, ENOTDIR for a file).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 84.</summary>
public static unsafe class SysRmdir
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysUnlinkat.Remove(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, true);
}
