// MeghaOS.Text.HexRows (the rows of the user programs' cat and hexdump and of the kernel shell's FileDisplay) produces
// the documented layouts, worked out here with .NET formatting, for every row length and for frame bitmaps, and the
// kernel shell writes exactly those rows, so the two cats and hexdumps look the same.
namespace MeghaOS.Tests.Text;

using System;
using System.Linq;
using System.Text;
using MeghaOS.Shell.CommandHandlers;
using MeghaOS.Tests.Support;
using MeghaOS.Text;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class HexRowsTests
{
    private static readonly byte[] s_bytes = Enumerable.Range(0, 16).Select(i => (byte)(0x1E + i * 9)).ToArray();

    private static string Format(Func<TextBuilder, TextBuilder> append)
    {
        byte[] buffer = new byte[HexRows.MaxRowLength];
        fixed (byte* start = buffer)
        {
            TextBuilder line = append(new TextBuilder(new Span<byte>(start, buffer.Length)));
            Assert.False(line.Overflowed);
            return Encoding.ASCII.GetString(line.Text);
        }
    }

    private static string ExpectedCatRow(ulong offset, int length, bool frameBitmap) =>
        $"{offset:x8}" + (frameBitmap ? $" frame {offset * 8,9}" : "") + ":" +
        string.Concat(s_bytes.Take(length).Select(b => $" {b:x2}")) + "\n";

    private static string ExpectedHexDumpRow(ulong offset, int length)
    {
        var row = new StringBuilder($"{offset:x8}  ");
        for (int i = 0; i < 16; i++)
        {
            row.Append(i < length ? $"{s_bytes[i]:x2} " : "   ").Append(i == 7 ? " " : "");
        }

        row.Append(" |").Append(string.Concat(s_bytes.Take(length).Select(b => b >= 0x20 && b < 0x7F ? (char)b : '.')));
        return row.Append("|\n").ToString();
    }

    [Theory]
    [InlineData(0UL, 16, false)]
    [InlineData(0x10UL, 16, true)]
    [InlineData(0x3FFF0UL, 5, true)]
    [InlineData(0x120UL, 1, false)]
    [InlineData(0x7FFFFFF0UL, 16, true)]
    public void CatRowsMatchTheKernelShell(ulong offset, int length, bool frameBitmap)
    {
        CapturingTerminal.Install();
        fixed (byte* bytes = s_bytes)
        {
            FileDisplay.WriteCatRow(offset, bytes, length, frameBitmap);
        }

        string expected = CapturingTerminal.Take();
        string actual = Format(line =>
        {
            HexRows.AppendCatRow(ref line, offset, s_bytes.AsSpan(0, length), frameBitmap);
            return line;
        });
        Assert.Equal(ExpectedCatRow(offset, length, frameBitmap), actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0UL, 16)]
    [InlineData(0x10UL, 8)]
    [InlineData(0x20UL, 7)]
    [InlineData(0x30UL, 1)]
    public void HexDumpRowsMatchTheKernelShell(ulong offset, int length)
    {
        CapturingTerminal.Install();
        fixed (byte* bytes = s_bytes)
        {
            FileDisplay.WriteHexDumpRow(offset, bytes, length);
        }

        string expected = CapturingTerminal.Take();
        string actual = Format(line =>
        {
            HexRows.AppendHexDumpRow(ref line, offset, s_bytes.AsSpan(0, length));
            return line;
        });
        Assert.Equal(ExpectedHexDumpRow(offset, length), actual);
        Assert.Equal(expected, actual);
    }
}
