// mmap(address, length, prot, flags, fd, offset): anonymous private memory only (MAP_ANONYMOUS | MAP_PRIVATE),
// zero-filled, with the protection asked. Without MAP_FIXED the address is chosen in the process's mmap area
// (MemoryLayout.MapBase upwards; a hint is ignored); with MAP_FIXED what was there is unmapped first. File mappings
// and MAP_SHARED give ENODEV/EINVAL-style refusals (ENOSYS is kept for unknown calls only).
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>System call 9.</summary>
public static unsafe class SysMmap
{
    /// <summary>ENODEV: no mapping of this kind (a file).</summary>
    public const int ENODEV = 19;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        ulong address = registers->Rdi;
        ulong length = registers->Rsi;
        int protection = (int)registers->Rdx;
        int flags = (int)registers->R10;
        if (process == null || length == 0 || length > MemoryLayout.MapTop || (address & (MemoryLayout.PageSize - 1)) != 0)
        {
            return -Errno.EINVAL;
        }

        if ((flags & SyscallFlags.MapAnonymous) == 0)
        {
            return -ENODEV;
        }

        if ((flags & SyscallFlags.MapShared) != 0 || (flags & SyscallFlags.MapPrivate) == 0)
        {
            return -Errno.EINVAL;
        }

        ulong size = MemoryLayout.PageUp(length);
        ulong pages = size / MemoryLayout.PageSize;
        if (!MemoryLimit.Allows(process, pages))
        {
            return -Errno.ENOMEM;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        if ((flags & SyscallFlags.MapFixed) != 0)
        {
            if (!UserMemory.IsUserRange(address, size) || address == 0)
            {
                return -Errno.EINVAL;
            }

            vm.Unmap(vm.Context, process->Space, address, size);
        }
        else
        {
            if (process->MapNext + size > MemoryLayout.MapTop)
            {
                return -Errno.ENOMEM;
            }

            address = process->MapNext;
        }

        VmStatus status = vm.Map(vm.Context, process->Space, address, size, Access(protection));
        if (status != VmStatus.Success)
        {
            return status == VmStatus.Misaligned || status == VmStatus.NotUserRange ? -Errno.EINVAL : -Errno.ENOMEM;
        }

        if ((flags & SyscallFlags.MapFixed) == 0)
        {
            // A guard page between regions: an overrun of one faults instead of reaching the next.
            process->MapNext = address + size + MemoryLayout.PageSize;
        }

        return (long)address;
    }

    /// <summary>The page access of PROT_ bits (a page with PROT_NONE is still mapped readable: x86-64 has no "none").</summary>
    public static PageAccess Access(int protection)
    {
        PageAccess access = PageAccess.Read;
        access |= (protection & SyscallFlags.ProtectionWrite) != 0 ? PageAccess.Write : PageAccess.None;
        access |= (protection & SyscallFlags.ProtectionExecute) != 0 ? PageAccess.Execute : PageAccess.None;
        return access;
    }
}
