// Number-to-text conversion into caller-supplied byte buffers: the kernel has no string formatting, and output
// must not allocate. This is the one place digits are produced; TextBuilder, ShellOutput and the kernel's
// TerminalWriter all format through it.
namespace MeghaOS.Text;

using System;

/// <summary>Writes numbers as ASCII digits into spans. Every method returns the byte count written, 0 when it does not fit.</summary>
public static class NumberFormat
{
    /// <summary>Longest decimal form of a ulong (18446744073709551615).</summary>
    public const int MaxDecimalDigits = 20;

    /// <summary>Longest hexadecimal form of a ulong, without prefix.</summary>
    public const int MaxHexDigits = 16;

    /// <summary>Writes <paramref name="value"/> in decimal.</summary>
    public static int FormatDecimal(ulong value, Span<byte> destination) => Format(value, 10, 1, MaxDecimalDigits, destination);

    /// <summary>Writes <paramref name="value"/> in decimal, zero-padded to at least <paramref name="minimumDigits"/>.</summary>
    public static int FormatDecimal(ulong value, int minimumDigits, Span<byte> destination) =>
        Format(value, 10, minimumDigits, MaxDecimalDigits, destination);

    /// <summary>Writes <paramref name="value"/> in lower-case hexadecimal, zero-padded to at least <paramref name="minimumDigits"/>.</summary>
    public static int FormatHex(ulong value, int minimumDigits, Span<byte> destination) =>
        Format(value, 16, minimumDigits, MaxHexDigits, destination);

    /// <summary>How many decimal digits <paramref name="value"/> has (1 for 0).</summary>
    public static int DecimalDigitCount(ulong value) => DigitCount(value, 10);

    /// <summary>The lower-case hexadecimal digit for 0..15.</summary>
    public static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    // Digits of value in radix 10 or 16, at least minimumDigits of them (capped at the longest ulong form).
    private static int Format(ulong value, uint radix, int minimumDigits, int maximumDigits, Span<byte> destination)
    {
        int digits = DigitCount(value, radix);
        if (minimumDigits > maximumDigits)
        {
            minimumDigits = maximumDigits;
        }

        if (digits < minimumDigits)
        {
            digits = minimumDigits;
        }

        if (digits > destination.Length)
        {
            return 0;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            destination[i] = HexDigit((int)(value % radix));
            value /= radix;
        }

        return digits;
    }

    private static int DigitCount(ulong value, uint radix)
    {
        int digits = 1;
        for (ulong rest = value / radix; rest != 0; rest /= radix)
        {
            digits++;
        }

        return digits;
    }
}
