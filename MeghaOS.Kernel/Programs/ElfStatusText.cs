// The one-line message and the Linux errno of each ElfStatus and StackStatus, so execve, the shell and the tests show
// the same words. Every validation failure is ENOEXEC (8); running out of memory is ENOMEM (12); arguments that do
// not fit are E2BIG (7).
namespace MeghaOS.Programs;

using System;

/// <summary>Messages and errno values for the loader's statuses.</summary>
public static class ElfStatusText
{
    /// <summary>Linux's E2BIG: the argument list is too long.</summary>
    public const int E2BIG = 7;

    /// <summary>Linux's ENOEXEC: exec format error.</summary>
    public const int ENOEXEC = 8;

    /// <summary>Linux's ENOMEM: out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Linux's EFAULT: bad address.</summary>
    public const int EFAULT = 14;

    /// <summary>The errno a failed execve returns for <paramref name="status"/> (0 for Success).</summary>
    public static int Errno(ElfStatus status) => status switch
    {
        ElfStatus.Success => 0,
        ElfStatus.OutOfMemory => ENOMEM,
        _ => ENOEXEC,
    };

    /// <summary>The errno a failed execve returns for <paramref name="status"/> (0 for Success).</summary>
    public static int Errno(StackStatus status) => status switch
    {
        StackStatus.Success => 0,
        StackStatus.ArgumentsTooLong => E2BIG,
        StackStatus.OutOfMemory => ENOMEM,
        StackStatus.BadRandom => EFAULT,
        _ => ENOMEM,
    };

    /// <summary>What went wrong, as a short lower-case phrase (no final newline).</summary>
    public static ReadOnlySpan<byte> Message(ElfStatus status) => status switch
    {
        ElfStatus.Success => "loaded"u8,
        ElfStatus.Truncated => "not an executable: the file is shorter than an ELF header"u8,
        ElfStatus.BadMagic => "not an executable: no ELF magic number"u8,
        ElfStatus.BadClass => "not an executable: not a 64-bit ELF file"u8,
        ElfStatus.BadEndianness => "not an executable: not little-endian"u8,
        ElfStatus.BadVersion => "not an executable: unknown ELF version"u8,
        ElfStatus.NotExecutable => "not an executable: ELF type is neither EXEC nor DYN"u8,
        ElfStatus.WrongMachine => "not an executable: not built for x86-64"u8,
        ElfStatus.BadProgramHeaderTable => "not an executable: bad program header table size"u8,
        ElfStatus.ProgramHeadersOutsideFile => "not an executable: program headers lie outside the file"u8,
        ElfStatus.DynamicallyLinked => "dynamically linked (PT_INTERP): only static executables run"u8,
        ElfStatus.NoLoadableSegment => "not an executable: no PT_LOAD segment"u8,
        ElfStatus.FileSizeAboveMemorySize => "not an executable: a segment's file size exceeds its memory size"u8,
        ElfStatus.SegmentOutsideFile => "not an executable: a segment's bytes lie outside the file"u8,
        ElfStatus.MisalignedSegment => "not an executable: a segment's address and offset differ within a page"u8,
        ElfStatus.SegmentAtPageZero => "not an executable: a segment lies in page 0"u8,
        ElfStatus.SegmentInKernelHalf => "not an executable: a segment reaches the kernel half"u8,
        ElfStatus.SegmentOverlapsStack => "not an executable: a segment reaches the stack region"u8,
        ElfStatus.SegmentTooLarge => "not an executable: a segment is larger than the process limit"u8,
        ElfStatus.ImageTooLarge => "not an executable: the segments together exceed the process limit"u8,
        ElfStatus.OverlappingSegments => "not an executable: two segments overlap"u8,
        ElfStatus.EntryOutsideCode => "not an executable: the entry point is outside every executable segment"u8,
        ElfStatus.OutOfMemory => "out of memory while loading the program"u8,
        ElfStatus.MapFailed => "the address space refused a segment"u8,
        _ => "unknown loader status"u8,
    };

    /// <summary>What went wrong building the initial stack, as a short lower-case phrase.</summary>
    public static ReadOnlySpan<byte> Message(StackStatus status) => status switch
    {
        StackStatus.Success => "stack built"u8,
        StackStatus.ArgumentsTooLong => "argument list too long"u8,
        StackStatus.BadArguments => "an argument or environment block does not end with a NUL"u8,
        StackStatus.BadRandom => "AT_RANDOM needs 16 random bytes"u8,
        StackStatus.OutOfMemory => "out of memory for the stack"u8,
        StackStatus.MapFailed => "the address space refused the stack"u8,
        _ => "unknown stack status"u8,
    };
}
