// clone(flags, stack, parent_tid, child_tid, tls) with the flags fork and vfork use: an exit signal and optionally
// CLONE_VM together with CLONE_VFORK (musl's posix_spawn), done as fork with the child on the given stack; and the
// thread-id flags glibc's fork passes: CLONE_PARENT_SETTID and CLONE_CHILD_SETTID store the child's id in the
// parent's or the child's memory before either runs on, CLONE_CHILD_CLEARTID is accepted with nothing to do (the
// word would be cleared in the child's own memory as it ends, which no other process shares). Threads (CLONE_VM
// without CLONE_VFORK, CLONE_THREAD, ...) are refused with EINVAL.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 56.</summary>
public static unsafe class SysClone
{
    private const ulong ThreadIdFlags = SyscallFlags.CloneParentSetTid | SyscallFlags.CloneChildSetTid | SyscallFlags.CloneChildClearTid;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        ulong flags = registers->Rdi;
        ulong others = flags & ~(SyscallFlags.CloneSignalMask | SyscallFlags.CloneVm | SyscallFlags.CloneVfork | ThreadIdFlags);
        bool sharedMemory = (flags & SyscallFlags.CloneVm) != 0;
        if (others != 0 || (sharedMemory && (flags & SyscallFlags.CloneVfork) == 0))
        {
            return -Errno.EINVAL;
        }

        // The child's copy of child_tid is written before its thread exists; the parent's parent_tid before the
        // parent returns (the child has its own copy of that word).
        ulong childTid = (flags & SyscallFlags.CloneChildSetTid) != 0 ? registers->R10 : 0;
        int child = ProcessTable.Fork(registers, registers->Rsi, childTid);
        if (child > 0 && (flags & SyscallFlags.CloneParentSetTid) != 0)
        {
            UserMemory.CopyOut(ProcessTable.Current, registers->Rdx, &child, sizeof(int));
        }

        return child;
    }
}
