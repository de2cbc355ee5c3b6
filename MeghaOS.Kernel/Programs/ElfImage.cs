// Validating an ELF64 executable before anything is mapped: every rule a file must meet to be loaded is checked here,
// in one place, and each broken rule has its own ElfStatus (truncated header, magic, class, endianness, version,
// type, machine, program header table, PT_INTERP, PT_LOAD segments out of the file, misaligned, in page 0, in the
// kernel half or the stack, too large, overlapping, the entry outside the code). What passes is summarised in an
// ElfImage (segments with the load base added, entry, AT_PHDR, initial break), which ElfLoader then maps without
// further checks. Static executables only: ET_EXEC at its own addresses, static PIE (ET_DYN without PT_INTERP) at
// ProgramLayout.StaticPieBase. Format: the System V ABI's ELF chapter and its x86-64 supplement.
namespace MeghaOS.Programs;

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MeghaOS.Memory.Paging;

/// <summary>A validated static ELF64 x86-64 executable.</summary>
public struct ElfImage
{
    /// <summary>The most program headers a file may have (and the most PT_LOAD segments the loader keeps).</summary>
    public const int MaxProgramHeaders = 64;

    /// <summary>Bytes of the ELF64 header.</summary>
    public const int HeaderBytes = 64;

    /// <summary>Bytes of an ELF64 program header.</summary>
    public const int ProgramHeaderBytes = 56;

    /// <summary>e_type of an executable at fixed addresses.</summary>
    public const ushort TypeExecutable = 2;

    /// <summary>e_type of a position-independent file (a static PIE when it has no PT_INTERP).</summary>
    public const ushort TypeShared = 3;

    /// <summary>e_machine of x86-64.</summary>
    public const ushort MachineX86_64 = 62;

    /// <summary>p_type of a loadable segment.</summary>
    public const uint SegmentLoad = 1;

    /// <summary>p_type naming the program interpreter (dynamic linking).</summary>
    public const uint SegmentInterpreter = 3;

    /// <summary>p_type of the program header table itself.</summary>
    public const uint SegmentProgramHeaders = 6;

    private const uint FlagExecute = 1;
    private const uint FlagWrite = 2;

    /// <summary>
    /// What the loader hands on once the segments are mapped: base, entry, program headers as loaded, break start and
    /// image bytes (the base is 0 for ET_EXEC, <see cref="ProgramLayout.StaticPieBase"/> for a static PIE).
    /// </summary>
    public LoadedProgram Program;

    /// <summary>The loadable segments, in file order.</summary>
    public SegmentSlots Loadable;

    /// <summary>How many of <see cref="Loadable"/> are in use.</summary>
    public int SegmentCount;

    /// <summary>The loadable segments in use.</summary>
    [UnscopedRef]
    public Span<ElfSegment> Segments => MemoryMarshal.CreateSpan(ref Unsafe.As<SegmentSlots, ElfSegment>(ref Loadable), SegmentCount);

    /// <summary>Room for the most loadable segments a file may have.</summary>
    [InlineArray(MaxProgramHeaders)]
    public struct SegmentSlots
    {
        private ElfSegment _first;
    }

    /// <summary>
    /// Checks <paramref name="file"/> against every rule and on success fills <paramref name="image"/>.
    /// <paramref name="imageLimit"/> caps one segment and all of them together (0: <see cref="ProgramLayout.DefaultImageLimit"/>).
    /// Reads only inside the span; any content gives a status, never a fault.
    /// </summary>
    public static ElfStatus Validate(ReadOnlySpan<byte> file, ulong imageLimit, out ElfImage image)
    {
        image = default;
        if (imageLimit == 0)
        {
            imageLimit = ProgramLayout.DefaultImageLimit;
        }

        if (file.Length < HeaderBytes)
        {
            return ElfStatus.Truncated;
        }

        if (file[0] != 0x7F || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F')
        {
            return ElfStatus.BadMagic;
        }

        if (file[4] != 2)
        {
            return ElfStatus.BadClass;
        }

        if (file[5] != 1)
        {
            return ElfStatus.BadEndianness;
        }

        if (file[6] != 1 || Read32(file, 20) != 1)
        {
            return ElfStatus.BadVersion;
        }

        ushort type = Read16(file, 16);
        if (type != TypeExecutable && type != TypeShared)
        {
            return ElfStatus.NotExecutable;
        }

        if (Read16(file, 18) != MachineX86_64)
        {
            return ElfStatus.WrongMachine;
        }

        ulong entry = Read64(file, 24);
        ulong tableOffset = Read64(file, 32);
        ushort entrySize = Read16(file, 54);
        ushort count = Read16(file, 56);
        if (entrySize != ProgramHeaderBytes || count == 0 || count > MaxProgramHeaders)
        {
            return ElfStatus.BadProgramHeaderTable;
        }

        ulong tableBytes = (ulong)count * ProgramHeaderBytes;
        if (tableOffset > (ulong)file.Length || tableBytes > (ulong)file.Length - tableOffset)
        {
            return ElfStatus.ProgramHeadersOutsideFile;
        }

        // A dynamically linked file is named as such whatever else is wrong with its segments.
        for (int i = 0; i < count; i++)
        {
            if (Read32(file, (int)tableOffset + i * ProgramHeaderBytes) == SegmentInterpreter)
            {
                return ElfStatus.DynamicallyLinked;
            }
        }

        Span<ElfSegment> slots = MemoryMarshal.CreateSpan(ref Unsafe.As<SegmentSlots, ElfSegment>(ref image.Loadable), MaxProgramHeaders);
        image.Program.Base = type == TypeShared ? ProgramLayout.StaticPieBase : 0;
        image.Program.ProgramHeaderSize = ProgramHeaderBytes;
        image.Program.ProgramHeaderCount = count;
        ulong phdrAddress = 0;
        for (int i = 0; i < count; i++)
        {
            int header = (int)tableOffset + i * ProgramHeaderBytes;
            uint segmentType = Read32(file, header);
            if (segmentType == SegmentProgramHeaders)
            {
                phdrAddress = Read64(file, header + 16);
            }

            if (segmentType != SegmentLoad)
            {
                continue;
            }

            uint flags = Read32(file, header + 4);
            ulong offset = Read64(file, header + 8);
            ulong address = Read64(file, header + 16);
            ulong fileBytes = Read64(file, header + 32);
            ulong memoryBytes = Read64(file, header + 40);
            ElfStatus status = CheckSegment(file, image.Program.Base, offset, address, fileBytes, memoryBytes, imageLimit);
            if (status != ElfStatus.Success)
            {
                return status;
            }

            if (memoryBytes == 0)
            {
                continue;
            }

            var segment = new ElfSegment
            {
                Address = image.Program.Base + address,
                MemoryBytes = memoryBytes,
                FileOffset = offset,
                FileBytes = fileBytes,
                Access = PageAccess.Read | ((flags & FlagWrite) != 0 ? PageAccess.Write : 0) | ((flags & FlagExecute) != 0 ? PageAccess.Execute : 0),
            };

            for (int j = 0; j < image.SegmentCount; j++)
            {
                ElfSegment other = slots[j];
                if (segment.PageStart < other.PageEnd && other.PageStart < segment.PageEnd)
                {
                    return ElfStatus.OverlappingSegments;
                }
            }

            image.Program.ImageBytes += segment.PageEnd - segment.PageStart;
            if (image.Program.ImageBytes > imageLimit)
            {
                return ElfStatus.ImageTooLarge;
            }

            image.Program.BreakStart = segment.PageEnd > image.Program.BreakStart ? segment.PageEnd : image.Program.BreakStart;
            if (phdrAddress == 0 && offset <= tableOffset && tableOffset + tableBytes <= offset + fileBytes)
            {
                // No PT_PHDR (yet): the table is wherever the segment holding its file bytes puts it.
                phdrAddress = address + (tableOffset - offset);
            }

            slots[image.SegmentCount++] = segment;
        }

        if (image.SegmentCount == 0)
        {
            return ElfStatus.NoLoadableSegment;
        }

        image.Program.ProgramHeaderAddress = phdrAddress == 0 ? 0 : image.Program.Base + phdrAddress;
        image.Program.Entry = image.Program.Base + entry;
        if (image.Program.Entry < image.Program.Base)
        {
            return ElfStatus.EntryOutsideCode;
        }

        for (int i = 0; i < image.SegmentCount; i++)
        {
            ElfSegment segment = slots[i];
            if ((segment.Access & PageAccess.Execute) != 0 && image.Program.Entry >= segment.Address && image.Program.Entry - segment.Address < segment.MemoryBytes)
            {
                return ElfStatus.Success;
            }
        }

        return ElfStatus.EntryOutsideCode;
    }

    // The rules for one PT_LOAD header, in the order its fields are met.
    private static ElfStatus CheckSegment(ReadOnlySpan<byte> file, ulong loadBase, ulong offset, ulong address,
        ulong fileBytes, ulong memoryBytes, ulong imageLimit)
    {
        if (fileBytes > memoryBytes)
        {
            return ElfStatus.FileSizeAboveMemorySize;
        }

        if (offset > (ulong)file.Length || fileBytes > (ulong)file.Length - offset)
        {
            return ElfStatus.SegmentOutsideFile;
        }

        if (memoryBytes == 0)
        {
            return ElfStatus.Success;
        }

        if (((address ^ offset) & (ProgramLayout.PageSize - 1)) != 0)
        {
            return ElfStatus.MisalignedSegment;
        }

        ulong start = loadBase + address;
        if (start < loadBase || start >= ProgramLayout.KernelHalfStart || memoryBytes > ProgramLayout.KernelHalfStart - start)
        {
            return ElfStatus.SegmentInKernelHalf;
        }

        if (start < ProgramLayout.PageSize)
        {
            return ElfStatus.SegmentAtPageZero;
        }

        ulong end = start + memoryBytes;
        if (end > ProgramLayout.ImageEnd)
        {
            return ElfStatus.SegmentOverlapsStack;
        }

        if (memoryBytes > imageLimit)
        {
            return ElfStatus.SegmentTooLarge;
        }

        return ElfStatus.Success;
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, int offset) => (ushort)(bytes[offset] | bytes[offset + 1] << 8);

    private static uint Read32(ReadOnlySpan<byte> bytes, int offset) =>
        (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

    private static ulong Read64(ReadOnlySpan<byte> bytes, int offset) => Read32(bytes, offset) | (ulong)Read32(bytes, offset + 4) << 32;
}
