// Who an allocation of page frames belongs to, recorded by the PMM at the allocation's first frame (the idea of
// Linux's page_owner, one byte per frame): every allocation says who it is for, every free says who is freeing, and a
// free by anyone but the owner is refused (PmmStatus.WrongOwner), so the shell cannot free the kernel heap's frames.
namespace MeghaOS.Memory;

/// <summary>
/// The owner of an allocation. One byte, so the PMM keeps one byte per frame for it; every value is a valid owner
/// (values without a name here show as <c>owner-N</c>, see <see cref="FrameOwnerNames"/>).
/// </summary>
public enum FrameOwner : byte
{
    /// <summary>The kernel itself, for frames no more specific owner describes (the shell's <c>bench</c>).</summary>
    Kernel = 0,

    /// <summary>The kernel heap: its chunks, slabs, large blocks and its implementations' state.</summary>
    KernelHeap = 1,

    /// <summary>Page tables the kernel allocates (the boot page tables are part of the kernel image, not allocations).</summary>
    PageTables = 2,

    /// <summary>A PMM's own use of frames it allocates from itself (its boot-time metadata is reserved, not allocated).</summary>
    Pmm = 3,

    /// <summary>The shell's <c>pmm alloc</c> and <c>pmm alloc-at</c>; <c>pmm free</c> frees nothing else.</summary>
    Shell = 4,

    /// <summary>A task's kernel stack and the guard page under it (Arch/X64/KernelTaskMachine.cs).</summary>
    TaskStack = 5,

    /// <summary>A user program's pages (code, data, heap, stack), held by its address space.</summary>
    User = 6,

    /// <summary>The initial ramdisk's frames while the kernel reads /bin out of it.</summary>
    Ramdisk = 7,
}
