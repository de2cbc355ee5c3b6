// Where a program's pieces go in its address space, in one place so the loader, the initial stack and the system
// calls (brk, mmap) agree: the user half ends below the non-canonical hole, the stack sits at its top with an unmapped
// guard page below it, a static PIE is placed at a fixed base, and page 0 is never mapped (a null pointer faults).
namespace MeghaOS.Programs;

/// <summary>The fixed addresses and limits of a user program's address space.</summary>
public static class ProgramLayout
{
    /// <summary>Bytes of a page.</summary>
    public const ulong PageSize = 4096;

    /// <summary>
    /// The first address of the kernel half (the lowest non-canonical address): nothing of a program lies at or above it.
    /// </summary>
    public const ulong KernelHalfStart = 0x0000_8000_0000_0000;

    /// <summary>
    /// The end of the user half a program may use: the last page below the hole stays unmapped, as on Linux, so
    /// no user address is adjacent to the non-canonical range.
    /// </summary>
    public const ulong UserEnd = KernelHalfStart - PageSize;

    /// <summary>The top of the initial stack (its highest byte is one below).</summary>
    public const ulong StackTop = UserEnd;

    /// <summary>Bytes of the stack region mapped at exec (eagerly: 256 KiB, 64 pages).</summary>
    public const ulong StackBytes = 256 * 1024;

    /// <summary>The lowest byte of the stack region; the page below it is the guard page, never mapped.</summary>
    public const ulong StackBottom = StackTop - StackBytes;

    /// <summary>The guard page under the stack: a program that overflows its stack faults there.</summary>
    public const ulong GuardPage = StackBottom - PageSize;

    /// <summary>The end of the area a program's segments may occupy: up to the guard page.</summary>
    public const ulong ImageEnd = GuardPage;

    /// <summary>
    /// Where a static PIE (ET_DYN without PT_INTERP) is loaded: its virtual addresses are offsets from this base
    /// (4 MiB, the customary ET_EXEC start, so both kinds of program look alike in memory).
    /// </summary>
    public const ulong StaticPieBase = 0x0040_0000;

    /// <summary>The most bytes the loadable segments of one program may span together (256 MiB) unless the caller sets a lower limit.</summary>
    public const ulong DefaultImageLimit = 256UL << 20;

    /// <summary>
    /// The most bytes the argument and environment strings and their pointers may take on the initial stack
    /// (128 KiB, Linux's ARG_MAX); more gives E2BIG.
    /// </summary>
    public const ulong MaxArgumentBytes = 128 * 1024;
}
