// The shell's program command: elf FILE checks an executable with the ELF loader's validation (the rules exec
// applies, MeghaOS.Kernel/Programs/ElfImage.cs) and shows what loading it would map, or which rule it breaks.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;

/// <summary>Handlers of the program commands.</summary>
public static unsafe class ProgramCommands
{
    /// <summary>
    /// elf FILE: "FILE: static executable (ET_EXEC|static PIE), entry 0x...", one line per segment
    /// ("  0x...-0x... r-x  N bytes from the file"), then AT_PHDR and the initial break; or "elf: FILE: MESSAGE".
    /// </summary>
    public static void Inspect(in ShellArguments arguments)
    {
        if (arguments.Count != 2)
        {
            ShellOutput.Error("elf"u8, "usage: elf FILE"u8);
            return;
        }

        ReadOnlySpan<byte> path = arguments[1];
        VfsStatus status = Vfs.Open(path, VfsOpenMode.Read, out VfsFile file);
        VfsStat stat = default;
        if (status == VfsStatus.Success)
        {
            status = Vfs.Stat(file, out stat);
        }

        if (status == VfsStatus.Success && stat.Kind == VfsNodeKind.Directory)
        {
            status = VfsStatus.IsADirectory;
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, status);
            return;
        }

        if (stat.Kind != VfsNodeKind.File)
        {
            ShellOutput.Error("elf"u8, path, "not a regular file"u8);
            return;
        }

        if (stat.Size > FileSystem.RamFs.RamFileSystem.MaxFileSize)
        {
            ShellOutput.Error("elf"u8, path, "too large to check"u8);
            return;
        }

        int size = (int)stat.Size;
        byte* bytes = size == 0 ? null : (byte*)Heap.Allocate((nuint)size);
        if (size != 0 && bytes == null)
        {
            ShellOutput.Error("elf"u8, path, "out of memory"u8);
            return;
        }

        var content = new Span<byte>(bytes, size);
        status = Vfs.Read(file, 0, content, out int read);
        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, status);
        }
        else
        {
            Describe(path, content.Slice(0, read));
        }

        if (bytes != null)
        {
            Heap.Free(bytes);
        }
    }

    private static void Describe(ReadOnlySpan<byte> path, ReadOnlySpan<byte> file)
    {
        ElfStatus status = ElfImage.Validate(file, 0, out ElfImage image);
        if (status != ElfStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, ElfStatusText.Message(status));
            return;
        }

        ShellOutput.WritePrintable(path);
        ShellOutput.Write(image.Base == 0 ? ": static executable (ET_EXEC), entry "u8 : ": static PIE at the fixed base, entry "u8);
        ShellOutput.Hex(image.Entry, 1);
        ShellOutput.NewLine();
        Span<ElfSegment> segments = image.Segments;
        for (int i = 0; i < segments.Length; i++)
        {
            ShellOutput.Write("  "u8);
            ShellOutput.Hex(segments[i].PageStart, 1);
            ShellOutput.WriteByte((byte)'-');
            ShellOutput.Hex(segments[i].PageEnd, 1);
            ShellOutput.WriteByte((byte)' ');
            ShellOutput.WriteByte((byte)'r');
            ShellOutput.WriteByte((segments[i].Access & PageAccess.Write) != 0 ? (byte)'w' : (byte)'-');
            ShellOutput.WriteByte((segments[i].Access & PageAccess.Execute) != 0 ? (byte)'x' : (byte)'-');
            ShellOutput.Write("  "u8);
            ShellOutput.Decimal(segments[i].FileBytes);
            ShellOutput.Write(" of "u8);
            ShellOutput.Decimal(segments[i].MemoryBytes);
            ShellOutput.Write(" bytes from the file\n"u8);
        }

        ShellOutput.Write("  program headers at "u8);
        ShellOutput.Hex(image.ProgramHeaderAddress, 1);
        ShellOutput.Write(" ("u8);
        ShellOutput.Decimal(image.ProgramHeaderCount);
        ShellOutput.Write("), break at "u8);
        ShellOutput.Hex(image.BreakStart, 1);
        ShellOutput.Write(", "u8);
        ShellOutput.Decimal(image.ImageBytes / ProgramLayout.PageSize);
        ShellOutput.Write(" pages\n"u8);
    }
}
