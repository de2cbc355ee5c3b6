// mprotect(address, length, prot): changes the access of mapped pages; ENOMEM when part of the range is not mapped.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>System call 10.</summary>
public static unsafe class SysMprotect
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        ulong address = registers->Rdi;
        ulong size = MemoryLayout.PageUp(registers->Rsi);
        if (process == null || (address & (MemoryLayout.PageSize - 1)) != 0 || !UserMemory.IsUserRange(address, size))
        {
            return -Errno.EINVAL;
        }

        if (size == 0)
        {
            return 0;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        VmStatus status = vm.Protect(vm.Context, process->Space, address, size, SysMmap.Access((int)registers->Rdx));
        return status == VmStatus.Success ? 0 : status == VmStatus.Fault ? -Errno.ENOMEM : -Errno.EINVAL;
    }
}
