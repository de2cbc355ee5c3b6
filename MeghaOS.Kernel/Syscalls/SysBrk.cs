// brk(address): moves the program break. Growing maps zeroed, writable pages up to the new break (ENOMEM at the
// process's frame limit or when the PMM runs out: then the break stays and is returned, as Linux does); shrinking
// unmaps whole pages and gives their frames back. brk(0) returns the current break.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>System call 12.</summary>
public static unsafe class SysBrk
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return -Errno.ENOMEM;
        }

        ulong wanted = registers->Rdi;
        ulong current = process->Break;
        if (wanted < process->BreakStart || wanted >= MemoryLayout.MapBase)
        {
            return (long)current;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        ulong mappedEnd = MemoryLayout.PageUp(current);
        ulong newEnd = MemoryLayout.PageUp(wanted);
        if (newEnd > mappedEnd)
        {
            ulong pages = (newEnd - mappedEnd) / MemoryLayout.PageSize;
            if (!MemoryLimit.Allows(process, pages) ||
                vm.Map(vm.Context, process->Space, mappedEnd, newEnd - mappedEnd, PageAccess.Read | PageAccess.Write) != VmStatus.Success)
            {
                return (long)current;
            }
        }
        else if (newEnd < mappedEnd)
        {
            vm.Unmap(vm.Context, process->Space, newEnd, mappedEnd - newEnd);
        }

        process->Break = wanted;
        return (long)wanted;
    }
}
