// fork(): a child with a copy of the address space and the descriptors; it returns 0 in the child and the child's
// pid in the parent. EAGAIN at the process limit, ENOMEM when the copy does not fit.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 57.</summary>
public static unsafe class SysFork
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => ProcessTable.Fork(registers, 0);
}
