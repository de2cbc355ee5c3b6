// rename(oldpath, newpath): renameat2 with both paths relative to the current directory and no flags, which is what
// `busybox mv` calls.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 82.</summary>
public static unsafe class SysRename
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        SysRenameat2.Rename(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi,
            SyscallFlags.AtCurrentDirectory, registers->Rsi, false);
}
