// hexdump [FILE [START [LENGTH]]]: the classic `hexdump -C` layout of FILE (default standard input, also "-"),
// like the kernel shell's hexdump: per 16 bytes the offset, two groups of 8 hex bytes and the printable
// characters between bars; the last line is the offset where it stopped. START skips that many bytes first (read and
// dropped, so pipes work too); LENGTH stops after that many (numbers in decimal or 0x hex). Unlike the kernel's,
// there is no 256 KiB limit: stop it with LENGTH or by closing the pipe.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class HexDump
{
    private const int RowBytes = HexRows.RowBytes;
    private const int Chunk = 4096;

    private static int Main(string[] args)
    {
        if (args.Length > 3)
        {
            Output.Error("hexdump", "usage: hexdump [FILE [START [LENGTH]]]");
            return 2;
        }

        string path = args.Length > 0 ? args[0] : "-";
        ulong start = 0;
        ulong length = ulong.MaxValue;
        if (args.Length > 1 && !Arguments.TryParseUnsigned(args[1], out start))
        {
            Output.Error("hexdump", args[1], "not a number (START: decimal or 0x hex)");
            return 2;
        }

        if (args.Length > 2 && !Arguments.TryParseUnsigned(args[2], out length))
        {
            Output.Error("hexdump", args[2], "not a number (LENGTH: decimal or 0x hex)");
            return 2;
        }

        long fd = Arguments.OpenInput("hexdump", path);
        if (fd < 0)
        {
            return 1;
        }

        byte* chunk = stackalloc byte[Chunk];
        ulong skipped = 0;
        while (skipped < start)
        {
            ulong want = start - skipped < Chunk ? start - skipped : Chunk;
            long count = Files.Read((int)fd, new Span<byte>(chunk, (int)want));
            if (count <= 0)
            {
                return Finish(count, path, start, skipped);
            }

            skipped += (ulong)count;
        }

        // Rows are whole: bytes of a short read wait in the row buffer until 16 are there.
        byte* row = stackalloc byte[RowBytes];
        int inRow = 0;
        ulong offset = start;
        ulong done = 0;
        long result = 0;
        while (done < length)
        {
            ulong want = length - done < Chunk ? length - done : Chunk;
            result = Files.Read((int)fd, new Span<byte>(chunk, (int)want));
            if (result <= 0)
            {
                break;
            }

            for (long i = 0; i < result; i++)
            {
                row[inRow++] = chunk[i];
                if (inRow == RowBytes)
                {
                    WriteRow(offset, row, RowBytes);
                    offset += RowBytes;
                    inRow = 0;
                }
            }

            done += (ulong)result;
        }

        if (inRow > 0)
        {
            WriteRow(offset, row, inRow);
            offset += (ulong)inRow;
        }

        return Finish(result, path, offset, offset);
    }

    private static int Finish(long result, string path, ulong offset, ulong reached)
    {
        if (result < 0)
        {
            Output.Error("hexdump", path, result);
            return 1;
        }

        if (reached > 0)
        {
            byte* buffer = stackalloc byte[32];
            TextBuilder line = new TextBuilder(new Span<byte>(buffer, 32));
            line.AppendHex(reached, 8);
            line.AppendByte((byte)'\n');
            Output.Print(line.Text);
        }

        return 0;
    }

    private static void WriteRow(ulong offset, byte* bytes, int length)
    {
        byte* buffer = stackalloc byte[HexRows.MaxRowLength];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, HexRows.MaxRowLength));
        HexRows.AppendHexDumpRow(ref line, offset, new ReadOnlySpan<byte>(bytes, length));
        Output.Print(line.Text);
    }
}
