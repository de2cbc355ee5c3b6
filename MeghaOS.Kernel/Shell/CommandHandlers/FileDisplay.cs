// How cat and hexdump show a file's bytes. cat prints text files as they are and anything else as hex rows, each
// labelled with its byte offset (and, for frame bitmaps such as /dev/pab, the first frame it covers); hexdump prints
// the classic `hexdump -C` layout; the rows are formatted by the shared MeghaOS.Text.HexRows, as the user programs'
// cat and hexdump do. Both stop after MaxBytes so endless devices (/dev/zero) cannot hang the shell.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Text;

/// <summary>Shows file content on the terminal.</summary>
public static unsafe class FileDisplay
{
    /// <summary>Most bytes cat or hexdump show of one file (enough for the PAB of 8 GiB of memory).</summary>
    public const ulong MaxBytes = 256 * 1024;

    /// <summary>Bytes per hex row.</summary>
    public const int RowBytes = HexRows.RowBytes;

    private const int ChunkBytes = 256;

    /// <summary>cat's view of one open file.</summary>
    public static void Show(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, in VfsFile file, in VfsStat stat)
    {
        byte* chunk = stackalloc byte[ChunkBytes];
        bool binary = false;
        ulong offset = 0;
        VfsStatus status = VfsStatus.Success;

        // First pass: does the file hold anything but printable text?
        while (offset < MaxBytes && !binary)
        {
            status = Vfs.Read(file, offset, new Span<byte>(chunk, ChunkBytes), out int count);
            if (status != VfsStatus.Success || count == 0)
            {
                break;
            }

            for (int i = 0; i < count; i++)
            {
                byte c = chunk[i];
                if (!Bytes.IsPrintable(c) && c != (byte)'\n' && c != (byte)'\r' && c != (byte)'\t')
                {
                    binary = true;
                    break;
                }
            }

            offset += (ulong)count;
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error(command, path, status);
            return;
        }

        offset = 0;
        byte last = (byte)'\n';
        while (offset < MaxBytes)
        {
            status = Vfs.Read(file, offset, new Span<byte>(chunk, ChunkBytes), out int count);
            if (status != VfsStatus.Success || count == 0)
            {
                break;
            }

            if (binary)
            {
                for (int row = 0; row < count; row += RowBytes)
                {
                    int rowLength = count - row < RowBytes ? count - row : RowBytes;
                    WriteCatRow(offset + (ulong)row, chunk + row, rowLength, stat.IsFrameBitmap);
                }
            }
            else
            {
                ShellOutput.Write(new ReadOnlySpan<byte>(chunk, count));
                last = chunk[count - 1];
            }

            offset += (ulong)count;
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error(command, path, status);
            return;
        }

        if (!binary && last != (byte)'\n')
        {
            // Keep the prompt on its own line; the file itself is unchanged.
            ShellOutput.WriteByte((byte)'\n');
        }

        ReportLimit(command, path, file, offset);
    }

    /// <summary>hexdump's view of one open file.</summary>
    public static void HexDump(ReadOnlySpan<byte> path, in VfsFile file) => HexDump(path, file, 0, MaxBytes, true);

    /// <summary>
    /// hexdump's view of at most <paramref name="length"/> bytes (and at most <see cref="MaxBytes"/>) from
    /// <paramref name="start"/>; the last line is the offset where it stopped.
    /// </summary>
    public static void HexDump(ReadOnlySpan<byte> path, in VfsFile file, ulong start, ulong length, bool reportLimit)
    {
        byte* chunk = stackalloc byte[ChunkBytes];
        ulong limit = length < MaxBytes ? length : MaxBytes;
        ulong offset = start;
        while (offset - start < limit)
        {
            ulong remaining = limit - (offset - start);
            int want = remaining < ChunkBytes ? (int)remaining : ChunkBytes;
            VfsStatus status = Vfs.Read(file, offset, new Span<byte>(chunk, want), out int count);
            if (status != VfsStatus.Success)
            {
                ShellOutput.Error("hexdump"u8, path, status);
                return;
            }

            if (count == 0)
            {
                break;
            }

            for (int row = 0; row < count; row += RowBytes)
            {
                int rowLength = count - row < RowBytes ? count - row : RowBytes;
                WriteHexDumpRow(offset + (ulong)row, chunk + row, rowLength);
            }

            offset += (ulong)count;
        }

        if (offset > start)
        {
            byte* buffer = stackalloc byte[32];
            TextBuilder line = new TextBuilder(new Span<byte>(buffer, 32));
            line.AppendHex(offset, 8);
            line.AppendByte((byte)'\n');
            ShellOutput.Write(line.Text);
        }

        if (reportLimit)
        {
            ReportLimit("hexdump"u8, path, file, offset);
        }
    }

    /// <summary>Writes one cat hex row: "OOOOOOOO: xx xx ..." or, for frame bitmaps, "OOOOOOOO frame NNNNNNNNN: xx xx ...".</summary>
    public static void WriteCatRow(ulong offset, byte* bytes, int length, bool isFrameBitmap)
    {
        byte* buffer = stackalloc byte[HexRows.MaxRowLength];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, HexRows.MaxRowLength));
        HexRows.AppendCatRow(ref line, offset, new ReadOnlySpan<byte>(bytes, length), isFrameBitmap);
        ShellOutput.Write(line.Text);
    }

    /// <summary>Writes one hexdump -C row: offset, two blanks, 16 bytes in two groups of 8, then |characters|.</summary>
    public static void WriteHexDumpRow(ulong offset, byte* bytes, int length)
    {
        byte* buffer = stackalloc byte[HexRows.MaxRowLength];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, HexRows.MaxRowLength));
        HexRows.AppendHexDumpRow(ref line, offset, new ReadOnlySpan<byte>(bytes, length));
        ShellOutput.Write(line.Text);
    }

    private static void ReportLimit(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, in VfsFile file, ulong offset)
    {
        if (offset < MaxBytes)
        {
            return;
        }

        byte* probe = stackalloc byte[1];
        if (Vfs.Read(file, offset, new Span<byte>(probe, 1), out int more) == VfsStatus.Success && more > 0)
        {
            byte* buffer = stackalloc byte[48];
            TextBuilder message = new TextBuilder(new Span<byte>(buffer, 48));
            message.Append("output stopped after "u8);
            message.AppendDecimal(MaxBytes);
            message.Append(" bytes"u8);
            ShellOutput.Error(command, path, message.Text);
        }
    }
}
