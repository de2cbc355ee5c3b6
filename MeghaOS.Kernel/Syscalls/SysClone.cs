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

        if ((flags & ThreadIdFlags) == 0)
        {
            return ProcessTable.Fork(registers, registers->Rsi);
        }

        // The ids are in place before the parent returns or the child first runs (interrupts off meanwhile).
        bool wereOn = ProcessTable.DisableInterrupts();
        int child = ProcessTable.Fork(registers, registers->Rsi);
        if (child > 0)
        {
            if ((flags & SyscallFlags.CloneParentSetTid) != 0)
            {
                UserMemory.CopyOut(ProcessTable.Current, registers->Rdx, &child, sizeof(int));
            }

            Process* process = ProcessTable.Find(child);
            if ((flags & SyscallFlags.CloneChildSetTid) != 0 && process != null)
            {
                UserMemory.CopyOut(process, registers->R10, &child, sizeof(int));
            }
        }

        ProcessTable.RestoreInterrupts(wereOn);
        return child;
    }
}
