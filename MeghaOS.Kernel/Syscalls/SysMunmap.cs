// munmap(address, length): unmaps the pages of the range that are mapped and gives their frames back.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>System call 11.</summary>
public static unsafe class SysMunmap
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        ulong address = registers->Rdi;
        ulong size = MemoryLayout.PageUp(registers->Rsi);
        if (process == null || (address & (MemoryLayout.PageSize - 1)) != 0 || size == 0 || !UserMemory.IsUserRange(address, size))
        {
            return -Errno.EINVAL;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        return -Errno.FromVm(vm.Unmap(vm.Context, process->Space, address, size));
    }
}
