// Number-to-text conversion into caller-supplied byte buffers: the kernel has no string formatting, and output
// must not allocate.
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
    public static int FormatDecimal(ulong value, Span<byte> destination)
    {
        int digits = 1;
        for (ulong rest = value / 10; rest != 0; rest /= 10)
        {
            digits++;
        }

        if (digits > destination.Length)
        {
            return 0;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        return digits;
    }

    /// <summary>Writes <paramref name="value"/> in lower-case hexadecimal, zero-padded to at least <paramref name="minimumDigits"/>.</summary>
    public static int FormatHex(ulong value, int minimumDigits, Span<byte> destination)
    {
        int digits = 1;
        for (ulong rest = value >> 4; rest != 0; rest >>= 4)
        {
            digits++;
        }

        if (minimumDigits > MaxHexDigits)
        {
            minimumDigits = MaxHexDigits;
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
            destination[i] = HexDigit((int)(value & 0xF));
            value >>= 4;
        }

        return digits;
    }

    /// <summary>The lower-case hexadecimal digit for 0..15.</summary>
    public static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
