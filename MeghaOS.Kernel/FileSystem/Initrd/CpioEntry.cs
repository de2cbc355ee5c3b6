// One entry of a cpio newc archive as CpioReader found it: where its name and data are in the archive, and the header
// fields the kernel uses (mode: file type and permission bits).
namespace MeghaOS.FileSystem.Initrd;

using System;

/// <summary>An entry of a cpio archive; its name and data are slices of the archive.</summary>
public struct CpioEntry
{
    /// <summary>The file type mask of <see cref="Mode"/> (S_IFMT).</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>A regular file (S_IFREG).</summary>
    public const uint TypeRegular = 0x8000;

    /// <summary>A directory (S_IFDIR).</summary>
    public const uint TypeDirectory = 0x4000;

    /// <summary>Offset of the name in the archive.</summary>
    public int NameOffset;

    /// <summary>Bytes of the name, without its NUL.</summary>
    public int NameLength;

    /// <summary>Offset of the data in the archive.</summary>
    public int DataOffset;

    /// <summary>Bytes of data.</summary>
    public int DataLength;

    /// <summary>c_mode: file type (<see cref="TypeMask"/>) and permission bits (low 12 bits).</summary>
    public uint Mode;

    /// <summary>True for a regular file.</summary>
    public readonly bool IsRegularFile => (Mode & TypeMask) == TypeRegular;

    /// <summary>True for a directory.</summary>
    public readonly bool IsDirectory => (Mode & TypeMask) == TypeDirectory;

    /// <summary>The name, a slice of <paramref name="archive"/>.</summary>
    public readonly ReadOnlySpan<byte> Name(ReadOnlySpan<byte> archive) => archive.Slice(NameOffset, NameLength);

    /// <summary>The data, a slice of <paramref name="archive"/>.</summary>
    public readonly ReadOnlySpan<byte> Data(ReadOnlySpan<byte> archive) => archive.Slice(DataOffset, DataLength);
}
