// Where things go in a process's user half (the lower 128 TiB of a 4-level address space): the program at its
// link address, the heap (brk) right after it, mmap regions from MapBase upwards, the stack near the top (placed by
// the loader). User pointers at or above UserTop are kernel addresses and give EFAULT.
namespace MeghaOS.Processes;

/// <summary>Constants of the user address space.</summary>
public static class MemoryLayout
{
    /// <summary>The first address that is not user memory (the canonical lower half ends below it).</summary>
    public const ulong UserTop = 0x0000_8000_0000_0000;

    /// <summary>Where mmap places regions without a fixed address (upwards).</summary>
    public const ulong MapBase = 0x0000_1000_0000_0000;

    /// <summary>Where mmap's area ends (below the stack the loader places near the top).</summary>
    public const ulong MapTop = 0x0000_7000_0000_0000;

    /// <summary>Bytes of a page.</summary>
    public const ulong PageSize = 4096;

    /// <summary>Rounds up to a page.</summary>
    public static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);

    /// <summary>Rounds down to a page.</summary>
    public static ulong PageDown(ulong value) => value & ~(PageSize - 1);
}
