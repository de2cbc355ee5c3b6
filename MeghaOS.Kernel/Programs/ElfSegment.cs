// One loadable segment of a validated ELF executable, with the load base already added: where it goes, what of the
// file fills it, and what the program may do with its pages.
namespace MeghaOS.Programs;

using MeghaOS.Memory.Paging;

/// <summary>A PT_LOAD segment as the loader maps it.</summary>
public struct ElfSegment
{
    /// <summary>Virtual address of the segment's first byte (base included).</summary>
    public ulong Address;

    /// <summary>Bytes in memory (p_memsz); those past <see cref="FileBytes"/> are zero (bss).</summary>
    public ulong MemoryBytes;

    /// <summary>Offset of the segment's bytes in the file (p_offset).</summary>
    public ulong FileOffset;

    /// <summary>Bytes copied from the file (p_filesz).</summary>
    public ulong FileBytes;

    /// <summary>Read always; Write where PF_W, Execute where PF_X.</summary>
    public PageAccess Access;

    /// <summary>The first page of the segment.</summary>
    public readonly ulong PageStart => Address & ~(ProgramLayout.PageSize - 1);

    /// <summary>The end of the segment's last page.</summary>
    public readonly ulong PageEnd => (Address + MemoryBytes + ProgramLayout.PageSize - 1) & ~(ProgramLayout.PageSize - 1);
}
