// Convenience writes on top of the Terminal facade: lines, numbers (formatted into a stack buffer, so nothing is
// allocated) and byte spans.
namespace MeghaOS.Devices;

using System;
using MeghaOS.Text;

/// <summary>Text and number output through <see cref="Terminal"/>.</summary>
internal static unsafe class TerminalWriter
{
    /// <summary>Writes text.</summary>
    internal static void Write(string text) => Terminal.Write(text);

    /// <summary>Writes text and a new line.</summary>
    internal static void WriteLine(string text)
    {
        Terminal.Write(text);
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes a new line.</summary>
    internal static void WriteLine() => Terminal.WriteByte((byte)'\n');

    /// <summary>Writes a number in decimal.</summary>
    internal static void WriteDecimal(ulong value)
    {
        byte* buffer = stackalloc byte[NumberFormat.MaxDecimalDigits];
        var span = new Span<byte>(buffer, NumberFormat.MaxDecimalDigits);
        int length = NumberFormat.FormatDecimal(value, span);
        Terminal.Write(span.Slice(0, length));
    }

    /// <summary>Writes "0x" and a number in hex with at least <paramref name="minDigits"/> digits.</summary>
    internal static void WriteHex(ulong value, int minDigits)
    {
        byte* buffer = stackalloc byte[NumberFormat.MaxHexDigits];
        var span = new Span<byte>(buffer, NumberFormat.MaxHexDigits);
        int length = NumberFormat.FormatHex(value, minDigits, span);
        Terminal.Write("0x"u8);
        Terminal.Write(span.Slice(0, length));
    }

    /// <summary>Writes a byte count as "N KiB" (rounded down).</summary>
    internal static void WriteKibibytes(ulong bytes)
    {
        WriteDecimal(bytes >> 10);
        Terminal.Write(" KiB");
    }
}
