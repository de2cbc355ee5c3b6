// Number-to-text conversion into a caller-supplied buffer: the kernel has no string formatting and must not
// allocate. Shared code (host tests compile it too).
namespace MeghaOS.Text;

using System;

/// <summary>Formats integers as ASCII into a caller's buffer.</summary>
public static class NumberFormatter
{
    /// <summary>Longest text any method here produces (a 64-bit number in decimal is 20 digits; hex with 0x is 18).</summary>
    public const int MaxLength = 24;

    /// <summary>Writes <paramref name="value"/> in decimal; returns the number of bytes written (0 if it does not fit).</summary>
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

    /// <summary>
    /// Writes "0x" and <paramref name="value"/> in lower-case hex, zero-padded to at least <paramref name="minDigits"/>
    /// digits; returns the number of bytes written (0 if it does not fit).
    /// </summary>
    public static int FormatHex(ulong value, int minDigits, Span<byte> destination)
    {
        int digits = 1;
        for (ulong rest = value >> 4; rest != 0; rest >>= 4)
        {
            digits++;
        }

        if (digits < minDigits)
        {
            digits = minDigits;
        }

        if (digits + 2 > destination.Length)
        {
            return 0;
        }

        destination[0] = (byte)'0';
        destination[1] = (byte)'x';
        for (int i = digits + 1; i >= 2; i--)
        {
            int nibble = (int)(value & 0xF);
            destination[i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }

        return digits + 2;
    }
}
