// vfork(): done as fork (a copy, not a shared address space), which every correct vfork program tolerates: the child
// only calls execve or _exit. The parent is not suspended until then.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 58.</summary>
public static unsafe class SysVfork
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => ProcessTable.Fork(registers, 0);
}
