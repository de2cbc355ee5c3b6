// The per-process memory limit, checked before brk and mmap map anything: the frames the address space holds plus
// those the request would add (one per page; page tables come on top and the implementation's own limit catches
// them) must stay within the process's FrameLimit. A request past it fails with ENOMEM; the kernel never waits.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>Checks requests against a process's frame limit.</summary>
public static unsafe class MemoryLimit
{
    /// <summary>True when <paramref name="pages"/> more pages keep the process within its limit (0: no limit).</summary>
    public static bool Allows(Process* process, ulong pages)
    {
        if (process->FrameLimit == 0)
        {
            return true;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        ulong held = vm.FrameCount != null ? vm.FrameCount(vm.Context, process->Space) : 0;
        return pages <= process->FrameLimit && held <= process->FrameLimit - pages;
    }
}
