// clone(flags, stack, parent_tid, child_tid, tls) with the flags fork and vfork use: an exit signal and optionally
// CLONE_VM together with CLONE_VFORK (musl's posix_spawn), done as fork with the child on the given stack. Threads
// (CLONE_VM without CLONE_VFORK, CLONE_THREAD...) are refused with EINVAL.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 56.</summary>
public static unsafe class SysClone
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        ulong flags = registers->Rdi;
        ulong others = flags & ~(SyscallFlags.CloneSignalMask | SyscallFlags.CloneVm | SyscallFlags.CloneVfork);
        bool sharedMemory = (flags & SyscallFlags.CloneVm) != 0;
        if (others != 0 || (sharedMemory && (flags & SyscallFlags.CloneVfork) == 0))
        {
            return -Errno.EINVAL;
        }

        return ProcessTable.Fork(registers, registers->Rsi);
    }
}
