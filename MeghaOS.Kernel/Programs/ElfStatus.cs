// Every outcome of validating and loading an ELF executable. All validation failures mean "this file is not a
// program MeghaOS runs" (ENOEXEC for execve) but each says which rule the file broke; ElfStatusText gives the message
// and the errno. ElfImage.Validate decides every one of them, in one place, before anything is mapped.
namespace MeghaOS.Programs;

/// <summary>The result of <see cref="ElfImage.Validate"/> and <see cref="ElfLoader.Load"/>.</summary>
public enum ElfStatus
{
    /// <summary>The file is a valid static executable (or it was loaded).</summary>
    Success = 0,

    /// <summary>The file is shorter than the 64-byte ELF header.</summary>
    Truncated,

    /// <summary>The first four bytes are not 0x7F 'E' 'L' 'F'.</summary>
    BadMagic,

    /// <summary>Not a 64-bit ELF file (EI_CLASS is not ELFCLASS64).</summary>
    BadClass,

    /// <summary>Not little-endian (EI_DATA is not ELFDATA2LSB).</summary>
    BadEndianness,

    /// <summary>EI_VERSION or e_version is not 1 (EV_CURRENT).</summary>
    BadVersion,

    /// <summary>e_type is neither ET_EXEC nor ET_DYN (a relocatable object or a core file).</summary>
    NotExecutable,

    /// <summary>e_machine is not EM_X86_64 (62).</summary>
    WrongMachine,

    /// <summary>e_phentsize is not 56, or e_phnum is 0 or above <see cref="ElfImage.MaxProgramHeaders"/>.</summary>
    BadProgramHeaderTable,

    /// <summary>The program header table lies (partly) outside the file.</summary>
    ProgramHeadersOutsideFile,

    /// <summary>The file has a PT_INTERP header: it is dynamically linked and needs an interpreter MeghaOS lacks.</summary>
    DynamicallyLinked,

    /// <summary>No PT_LOAD header: nothing to load.</summary>
    NoLoadableSegment,

    /// <summary>A segment's file size exceeds its memory size.</summary>
    FileSizeAboveMemorySize,

    /// <summary>A segment's file bytes (p_offset, p_filesz) lie outside the file.</summary>
    SegmentOutsideFile,

    /// <summary>A segment's p_vaddr and p_offset differ modulo the page size, so its file bytes cannot sit at its address.</summary>
    MisalignedSegment,

    /// <summary>A segment starts in page 0, which stays unmapped so null pointers fault.</summary>
    SegmentAtPageZero,

    /// <summary>A segment reaches the kernel half (or its end wraps around the address space).</summary>
    SegmentInKernelHalf,

    /// <summary>A segment reaches the stack region at the top of the user half or its guard page.</summary>
    SegmentOverlapsStack,

    /// <summary>One segment is larger than the per-process image limit.</summary>
    SegmentTooLarge,

    /// <summary>The segments together are larger than the per-process image limit.</summary>
    ImageTooLarge,

    /// <summary>Two loadable segments share a page.</summary>
    OverlappingSegments,

    /// <summary>The entry point lies outside every executable loadable segment.</summary>
    EntryOutsideCode,

    /// <summary>Loading: the address space had no memory for a segment (nothing is left mapped).</summary>
    OutOfMemory,

    /// <summary>Loading: the address space refused a mapping or a copy for another reason (nothing is left mapped).</summary>
    MapFailed,
}
