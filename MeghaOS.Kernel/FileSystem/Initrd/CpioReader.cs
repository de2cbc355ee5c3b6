// Reading a cpio archive in the "newc" format (what `cpio -H newc` and the Linux initramfs use), entry by entry, in
// place: nothing is copied or allocated. Each entry is a 110-byte ASCII header (the magic "070701", or "070702" with
// checksums, then 13 fields of 8 hexadecimal digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
// rdevmajor, rdevminor, namesize, check), the name with its NUL padded so header and name end on a 4-byte boundary,
// and the data padded to 4 bytes. The entry named TRAILER!!! ends the archive. Every malformed case has its status;
// no input reads outside the span. Format: docs/programs.md, "The initial ramdisk".
namespace MeghaOS.FileSystem.Initrd;

using System;

/// <summary>Reads cpio newc archives.</summary>
public static class CpioReader
{
    /// <summary>Bytes of a newc header.</summary>
    public const int HeaderBytes = 110;

    private const int ModeField = 1;
    private const int FileSizeField = 6;
    private const int NameSizeField = 11;

    /// <summary>
    /// Reads the entry at <paramref name="offset"/> and on Success moves <paramref name="offset"/> past it (to the next
    /// header). End at the trailer; MissingTrailer when the archive (or its zero padding) ends first.
    /// </summary>
    public static CpioStatus Next(ReadOnlySpan<byte> archive, ref int offset, out CpioEntry entry)
    {
        entry = default;
        if (offset < 0 || offset > archive.Length)
        {
            return CpioStatus.Truncated;
        }

        if (IsZeroes(archive.Slice(offset)))
        {
            return CpioStatus.MissingTrailer;
        }

        if (archive.Length - offset < HeaderBytes)
        {
            return CpioStatus.Truncated;
        }

        ReadOnlySpan<byte> header = archive.Slice(offset, HeaderBytes);
        if (header[0] != '0' || header[1] != '7' || header[2] != '0' || header[3] != '7' || header[4] != '0' || (header[5] != '1' && header[5] != '2'))
        {
            return CpioStatus.BadMagic;
        }

        for (int field = 0; field < 13; field++)
        {
            if (!TryField(header, field, out _))
            {
                return CpioStatus.BadNumber;
            }
        }

        TryField(header, ModeField, out uint mode);
        TryField(header, FileSizeField, out uint fileSize);
        TryField(header, NameSizeField, out uint nameSize);
        if (nameSize == 0)
        {
            return CpioStatus.BadName;
        }

        long nameStart = (long)offset + HeaderBytes;
        if (nameSize > archive.Length - nameStart)
        {
            return CpioStatus.Truncated;
        }

        ReadOnlySpan<byte> name = archive.Slice((int)nameStart, (int)nameSize);
        for (int i = 0; i < name.Length - 1; i++)
        {
            if (name[i] == 0)
            {
                return CpioStatus.BadName;
            }
        }

        if (name[name.Length - 1] != 0)
        {
            return CpioStatus.BadName;
        }

        long dataStart = Align4(nameStart + nameSize);
        if (dataStart > archive.Length || fileSize > archive.Length - dataStart)
        {
            return CpioStatus.Truncated;
        }

        entry.NameOffset = (int)nameStart;
        entry.NameLength = (int)nameSize - 1;
        entry.DataOffset = (int)dataStart;
        entry.DataLength = (int)fileSize;
        entry.Mode = mode;
        if (IsTrailer(name))
        {
            return CpioStatus.End;
        }

        long next = Align4(dataStart + fileSize);
        offset = next > archive.Length ? archive.Length : (int)next;
        return CpioStatus.Success;
    }

    private static long Align4(long value) => (value + 3) & ~3L;

    private static bool IsTrailer(ReadOnlySpan<byte> name) =>
        name.Length == 11 && name[0] == 'T' && name[1] == 'R' && name[2] == 'A' && name[3] == 'I' && name[4] == 'L' &&
        name[5] == 'E' && name[6] == 'R' && name[7] == '!' && name[8] == '!' && name[9] == '!';

    private static bool IsZeroes(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return true;
    }

    // Field n (0 = c_ino) of the header: 8 hexadecimal digits after the 6-byte magic.
    private static bool TryField(ReadOnlySpan<byte> header, int field, out uint value)
    {
        value = 0;
        int start = 6 + 8 * field;
        for (int i = start; i < start + 8; i++)
        {
            int digit = header[i] switch
            {
                >= (byte)'0' and <= (byte)'9' => header[i] - '0',
                >= (byte)'a' and <= (byte)'f' => header[i] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => header[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = value << 4 | (uint)digit;
        }

        return true;
    }
}
