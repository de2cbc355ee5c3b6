// The kernel's own messages (boot banner, memory map, the machine's mem lines): string-literal conveniences that
// forward to ShellOutput, so text and numbers reach the Terminal facade through one writer and digits are formatted in
// one place (Text/NumberFormat.cs).
namespace MeghaOS.Devices;

using System;
using MeghaOS.Shell;

/// <summary>Text and number output through <see cref="ShellOutput"/>.</summary>
internal static class TerminalWriter
{
    /// <summary>Writes text.</summary>
    internal static void Write(string text) => ShellOutput.Write(text);

    /// <summary>Writes bytes.</summary>
    internal static void Write(ReadOnlySpan<byte> text) => ShellOutput.Write(text);

    /// <summary>Writes text and a new line.</summary>
    internal static void WriteLine(string text)
    {
        ShellOutput.Write(text);
        ShellOutput.NewLine();
    }

    /// <summary>Writes a new line.</summary>
    internal static void WriteLine() => ShellOutput.NewLine();

    /// <summary>Writes a number in decimal.</summary>
    internal static void WriteDecimal(ulong value) => ShellOutput.Decimal(value);

    /// <summary>Writes "0x" and a number in hex with at least <paramref name="minDigits"/> digits.</summary>
    internal static void WriteHex(ulong value, int minDigits) => ShellOutput.Hex(value, minDigits);

    /// <summary>Writes a byte count as "N KiB" (rounded down).</summary>
    internal static void WriteKibibytes(ulong bytes) => ShellOutput.Kibibytes(bytes);
}
