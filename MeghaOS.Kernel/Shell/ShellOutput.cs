// Everything the shell prints goes through here to the Terminal facade: text, numbers formatted into a stack
// buffer, and the one-line error format "command: message".
namespace MeghaOS.Shell;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Text;

/// <summary>Writes shell output to the terminal.</summary>
public static unsafe class ShellOutput
{
    /// <summary>Writes bytes.</summary>
    public static void Write(ReadOnlySpan<byte> text) => Terminal.Write(text);

    /// <summary>Writes the characters of an ASCII string.</summary>
    public static void Write(string text) => Terminal.Write(text);

    /// <summary>Writes bytes and a newline.</summary>
    public static void WriteLine(ReadOnlySpan<byte> text)
    {
        Terminal.Write(text);
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes a newline.</summary>
    public static void NewLine() => Terminal.WriteByte((byte)'\n');

    /// <summary>Writes one byte.</summary>
    public static void WriteByte(byte value) => Terminal.WriteByte(value);

    /// <summary>Writes a number in decimal.</summary>
    public static void Decimal(ulong value)
    {
        byte* digits = stackalloc byte[NumberFormat.MaxDecimalDigits];
        int length = NumberFormat.FormatDecimal(value, new Span<byte>(digits, NumberFormat.MaxDecimalDigits));
        Terminal.Write(new ReadOnlySpan<byte>(digits, length));
    }

    /// <summary>Writes "0x" and a number in hexadecimal, zero-padded to <paramref name="minimumDigits"/>.</summary>
    public static void Hex(ulong value, int minimumDigits)
    {
        byte* digits = stackalloc byte[NumberFormat.MaxHexDigits + 2];
        digits[0] = (byte)'0';
        digits[1] = (byte)'x';
        int length = NumberFormat.FormatHex(value, minimumDigits, new Span<byte>(digits + 2, NumberFormat.MaxHexDigits));
        Terminal.Write(new ReadOnlySpan<byte>(digits, length + 2));
    }

    /// <summary>Writes "command: message\n".</summary>
    public static void Error(ReadOnlySpan<byte> command, ReadOnlySpan<byte> message)
    {
        Terminal.Write(command);
        Terminal.Write(": "u8);
        Terminal.Write(message);
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes "command: path: message\n" for a failed VFS request.</summary>
    public static void Error(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, VfsStatus status)
    {
        Terminal.Write(command);
        Terminal.Write(": "u8);
        WritePrintable(path);
        Terminal.Write(": "u8);
        Terminal.Write(VfsStatusText.Of(status));
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes text a user typed, with anything unprintable shown as '?', so errors never emit control bytes.</summary>
    public static void WritePrintable(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Terminal.WriteByte(Bytes.IsPrintable(text[i]) ? text[i] : (byte)'?');
        }
    }
}
