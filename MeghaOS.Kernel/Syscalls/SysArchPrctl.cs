// arch_prctl(code, address): ARCH_SET_FS sets the thread's FS base (musl's thread pointer; the entry code loads it
// into the FS_BASE MSR on the way out), ARCH_GET_FS writes it. Other codes: EINVAL.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 158.</summary>
public static unsafe class SysArchPrctl
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        ulong address = registers->Rsi;
        switch ((int)registers->Rdi)
        {
            case SyscallFlags.ArchSetFs:
                if (address >= MemoryLayout.UserTop)
                {
                    return -Errno.EPERM; // a kernel address would be a non-canonical or privileged base
                }

                registers->FsBase = address;
                return 0;
            case SyscallFlags.ArchGetFs:
                ulong value = registers->FsBase;
                return UserMemory.CopyOut(ProcessTable.Current, address, &value, 8);
            default:
                return -Errno.EINVAL;
        }
    }
}
