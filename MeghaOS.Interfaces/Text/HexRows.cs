// The two hex row layouts MeghaOS shows file bytes in, formatted into a caller's TextBuilder: cat's rows
// ("OOOOOOOO: xx xx ...", and for frame bitmaps such as /dev/pab "OOOOOOOO frame NNNNNNNN: xx ...", the first frame
// each row covers, docs/pab.md) and `hexdump -C` rows (offset, two groups of 8 bytes, |characters|). The user
// programs cat and hexdump (MeghaOS.User/Programs/) and the kernel shell's FileDisplay format through it, so both
// cats and hexdumps look the same.
namespace MeghaOS.Text;

using System;

/// <summary>Formats hex rows of up to <see cref="RowBytes"/> bytes, each ending in a newline.</summary>
public static class HexRows
{
    /// <summary>Bytes per row.</summary>
    public const int RowBytes = 16;

    /// <summary>
    /// Width of the right-aligned frame number: the PMMs manage at most 2^28 frames (docs/pmm.md), 9 digits, so the
    /// hex columns line up on every row and a frame row (74 characters) fits the 80-column VGA screen.
    /// </summary>
    public const int FrameNumberWidth = 9;

    /// <summary>Longest row either layout produces, newline included.</summary>
    public const int MaxRowLength = 80;

    /// <summary>Appends a cat row for <paramref name="bytes"/> (at most 16) read at <paramref name="offset"/>.</summary>
    public static void AppendCatRow(ref TextBuilder line, ulong offset, ReadOnlySpan<byte> bytes, bool isFrameBitmap)
    {
        line.AppendHex(offset, 8);
        if (isFrameBitmap)
        {
            line.Append(" frame "u8);
            line.AppendDecimalPadded(offset * 8, FrameNumberWidth);
        }

        line.AppendByte((byte)':');
        for (int i = 0; i < bytes.Length && i < RowBytes; i++)
        {
            line.AppendByte((byte)' ');
            line.AppendHex(bytes[i], 2);
        }

        line.AppendByte((byte)'\n');
    }

    /// <summary>Appends a `hexdump -C` row for <paramref name="bytes"/> (at most 16) read at <paramref name="offset"/>.</summary>
    public static void AppendHexDumpRow(ref TextBuilder line, ulong offset, ReadOnlySpan<byte> bytes)
    {
        line.AppendHex(offset, 8);
        line.Append("  "u8);
        for (int i = 0; i < RowBytes; i++)
        {
            if (i < bytes.Length)
            {
                line.AppendHex(bytes[i], 2);
                line.AppendByte((byte)' ');
            }
            else
            {
                line.Append("   "u8);
            }

            if (i == 7)
            {
                line.AppendByte((byte)' ');
            }
        }

        line.Append(" |"u8);
        for (int i = 0; i < bytes.Length && i < RowBytes; i++)
        {
            line.AppendByte(Bytes.IsPrintable(bytes[i]) ? bytes[i] : (byte)'.');
        }

        line.Append("|\n"u8);
    }
}
