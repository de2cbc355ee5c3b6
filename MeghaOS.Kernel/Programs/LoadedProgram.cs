// What loading a program produced, as the initial stack (auxv), the first thread (entry) and brk need it. ElfImage
// works it out while it validates a file (its Program field); the loader hands it on once the segments are mapped.
namespace MeghaOS.Programs;

/// <summary>The result of <see cref="ElfLoader.Load"/>.</summary>
public struct LoadedProgram
{
    /// <summary>The base added to the file's addresses (0 for ET_EXEC; <see cref="ProgramLayout.StaticPieBase"/> for a static PIE).</summary>
    public ulong Base;

    /// <summary>Where the first thread starts (AT_ENTRY).</summary>
    public ulong Entry;

    /// <summary>Where the program headers are in the program's memory (AT_PHDR; 0 when no segment holds them).</summary>
    public ulong ProgramHeaderAddress;

    /// <summary>Bytes of one program header (AT_PHENT, 56).</summary>
    public ulong ProgramHeaderSize;

    /// <summary>Number of program headers (AT_PHNUM).</summary>
    public ulong ProgramHeaderCount;

    /// <summary>The end of the highest segment, page-rounded: the initial program break.</summary>
    public ulong BreakStart;

    /// <summary>Bytes of the pages the segments occupy.</summary>
    public ulong ImageBytes;
}
