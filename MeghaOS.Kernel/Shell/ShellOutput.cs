// Everything the shell prints goes through here to the Terminal facade: text, the line editor's echo, numbers
// (formatted by TextBuilder/NumberFormat into a stack buffer), clearing the screen, and the one-line error formats
// "command: message" and "command: path: message". Shell code never calls Terminal itself, so where its output goes
// is decided in this one file. (The kernel's TerminalWriter, used for boot messages and the machine's own mem lines,
// forwards here too.)
namespace MeghaOS.Shell;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Text;

/// <summary>Writes shell output to the terminal.</summary>
public static unsafe class ShellOutput
{
    // "0x" and the longest ulong, decimal or hexadecimal.
    private const int NumberBytes = 2 + NumberFormat.MaxDecimalDigits;

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

    /// <summary>Clears the screen.</summary>
    public static void Clear() => Terminal.Clear();

    /// <summary>Writes a number in decimal.</summary>
    public static void Decimal(ulong value)
    {
        byte* buffer = stackalloc byte[NumberBytes];
        TextBuilder text = new TextBuilder(new Span<byte>(buffer, NumberBytes));
        text.AppendDecimal(value);
        Terminal.Write(text.Text);
    }

    /// <summary>Writes "0x" and a number in hexadecimal, zero-padded to <paramref name="minimumDigits"/>.</summary>
    public static void Hex(ulong value, int minimumDigits)
    {
        byte* buffer = stackalloc byte[NumberBytes];
        TextBuilder text = new TextBuilder(new Span<byte>(buffer, NumberBytes));
        text.Append("0x"u8);
        text.AppendHex(value, minimumDigits);
        Terminal.Write(text.Text);
    }

    /// <summary>Writes a byte count as "N KiB" (rounded down).</summary>
    public static void Kibibytes(ulong bytes)
    {
        Decimal(bytes / 1024);
        Terminal.Write(" KiB"u8);
    }

    /// <summary>Writes "command: message\n".</summary>
    public static void Error(ReadOnlySpan<byte> command, ReadOnlySpan<byte> message)
    {
        Terminal.SetColour(TerminalColour.Error);
        Terminal.Write(command);
        Terminal.Write(": "u8);
        Terminal.Write(message);
        Terminal.SetColour(TerminalColour.Normal);
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes "command: path: message\n", the path shown with <see cref="WritePrintable"/>.</summary>
    public static void Error(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, ReadOnlySpan<byte> message)
    {
        Terminal.SetColour(TerminalColour.Error);
        Terminal.Write(command);
        Terminal.Write(": "u8);
        WritePrintable(path);
        Terminal.Write(": "u8);
        Terminal.Write(message);
        Terminal.SetColour(TerminalColour.Normal);
        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>Writes "command: path: message\n" for a failed VFS request.</summary>
    public static void Error(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, VfsStatus status) =>
        Error(command, path, VfsStatusText.Of(status));

    /// <summary>Writes text a user typed, with anything unprintable shown as '?', so errors never emit control bytes.</summary>
    public static void WritePrintable(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Terminal.WriteByte(Bytes.IsPrintable(text[i]) ? text[i] : (byte)'?');
        }
    }
}
