// File access for programs: open by path (a string, converted into a stack buffer), read, close, stat and
// directory listing through getdents64. Every call returns what the kernel returned (>= 0, or -errno), so a
// program reports failures with Output.Error(program, path, errno).
namespace MeghaOS.User;

using System;
using MeghaOS.Text;

/// <summary>What stat says about a file (the fields of Linux's struct stat the programs use).</summary>
public struct FileStatus
{
    /// <summary>st_mode: type bits (S_IFMT) and permission bits.</summary>
    public uint Mode;

    /// <summary>st_size in bytes.</summary>
    public long Size;

    /// <summary>True for a directory (S_IFDIR).</summary>
    public readonly bool IsDirectory => (Mode & 0xF000) == 0x4000;
}

/// <summary>One entry of a directory listing: its name (bytes, no NUL) and d_type.</summary>
public readonly unsafe ref struct DirectoryEntry
{
    /// <summary>Linux d_type values.</summary>
    public const byte TypeUnknown = 0, TypeCharacterDevice = 2, TypeDirectory = 4, TypeRegular = 8;

    /// <summary>The entry's name.</summary>
    public readonly ReadOnlySpan<byte> Name;

    /// <summary>d_type.</summary>
    public readonly byte Type;

    /// <summary>Makes an entry.</summary>
    public DirectoryEntry(ReadOnlySpan<byte> name, byte type)
    {
        Name = name;
        Type = type;
    }
}

/// <summary>Paths, descriptors, stat and directory reads.</summary>
public static unsafe class Files
{
    /// <summary>Opens <paramref name="path"/>; returns a descriptor or -errno.</summary>
    public static long Open(string path, int flags, int mode = 0)
    {
        byte* buffer = stackalloc byte[CString.MaxPath];
        if (!CString.TryCopy(path, new Span<byte>(buffer, CString.MaxPath)))
        {
            return -36; // ENAMETOOLONG
        }

        return Syscall.Open(buffer, flags, mode);
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; returns the count (0 at end of file) or -errno.</summary>
    public static long Read(int fd, Span<byte> buffer)
    {
        {
            byte* start = Bytes.AddressOf(buffer);
            long result;
            do
            {
                result = Syscall.ReadFile(fd, start, (ulong)buffer.Length);
            }
            while (result == -Errno.Interrupted);
            return result;
        }
    }

    /// <summary>Closes <paramref name="fd"/>.</summary>
    public static long Close(int fd) => Syscall.CloseFile(fd);

    /// <summary>stat(2) of <paramref name="path"/> (following links); 0 or -errno.</summary>
    public static long Stat(string path, out FileStatus status)
    {
        status = default;
        byte* buffer = stackalloc byte[CString.MaxPath];
        if (!CString.TryCopy(path, new Span<byte>(buffer, CString.MaxPath)))
        {
            return -36;
        }

        // struct stat on x86-64 is 144 bytes: st_mode at offset 24, st_size at 48.
        byte* stat = stackalloc byte[144];
        long result = Syscall.Invoke(Syscall.NewFstatAt, Syscall.AtFdCwd, (long)buffer, (long)stat, 0);
        if (result == 0)
        {
            status.Mode = *(uint*)(stat + 24);
            status.Size = *(long*)(stat + 48);
        }

        return result;
    }

    /// <summary>A path system call taking one path argument (mkdir, rmdir, unlink, chdir) with one extra argument.</summary>
    public static long PathCall(long number, string path, long argument = 0)
    {
        byte* buffer = stackalloc byte[CString.MaxPath];
        if (!CString.TryCopy(path, new Span<byte>(buffer, CString.MaxPath)))
        {
            return -36;
        }

        return Syscall.Invoke(number, (long)buffer, argument);
    }

    /// <summary>
    /// Reads directory entries of <paramref name="fd"/> into <paramref name="buffer"/> (getdents64); returns the byte
    /// count (0 at the end) or -errno. Walk the result with <see cref="NextEntry"/>.
    /// </summary>
    public static long ReadDirectory(int fd, Span<byte> buffer)
    {
        {
            byte* start = Bytes.AddressOf(buffer);
            return Syscall.Invoke(Syscall.Getdents64, fd, (long)start, buffer.Length);
        }
    }

    /// <summary>
    /// The entry at <paramref name="offset"/> in a getdents64 result of <paramref name="length"/> bytes, advancing
    /// <paramref name="offset"/>; false at the end or on a malformed record.
    /// </summary>
    public static bool NextEntry(ReadOnlySpan<byte> buffer, long length, ref int offset, out DirectoryEntry entry)
    {
        entry = default;
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
        if (offset + 19 > length)
        {
            return false;
        }

        int recordLength = buffer[offset + 16] | (buffer[offset + 17] << 8);
        if (recordLength < 20 || offset + recordLength > length)
        {
            return false;
        }

        ReadOnlySpan<byte> name = buffer.Slice(offset + 19, recordLength - 19);
        int nameLength = 0;
        while (nameLength < name.Length && name[nameLength] != 0)
        {
            nameLength++;
        }

        entry = new DirectoryEntry(name.Slice(0, nameLength), buffer[offset + 18]);
        offset += recordLength;
        return true;
    }
}
