// Text-to-number conversion for shell arguments: decimal, or hexadecimal with a 0x prefix. Rejects rather than
// guesses: empty input, stray characters and overflow are all failures.
namespace MeghaOS.Text;

using System;

/// <summary>Parses unsigned numbers from ASCII bytes.</summary>
public static class NumberParse
{
    /// <summary>
    /// Parses "123" (decimal) or "0x1f"/"0X1F" (hexadecimal). Returns false, with <paramref name="value"/> 0, for
    /// empty text, a bare prefix, any other character, or a value above <see cref="ulong.MaxValue"/>.
    /// </summary>
    public static bool TryParseUnsigned(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == (byte)'0' && (text[1] == (byte)'x' || text[1] == (byte)'X'))
        {
            return TryParseHex(text.Slice(2), out value);
        }

        if (text.Length == 0)
        {
            return false;
        }

        ulong result = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return false;
            }

            if (result > (ulong.MaxValue - (ulong)digit) / 10)
            {
                return false;
            }

            result = result * 10 + (ulong)digit;
        }

        value = result;
        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        ulong result = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int nibble = HexValue(digits[i]);
            if (nibble < 0 || (result >> 60) != 0)
            {
                return false;
            }

            result = (result << 4) | (uint)nibble;
        }

        value = result;
        return true;
    }

    private static int HexValue(byte c)
    {
        if (c >= (byte)'0' && c <= (byte)'9')
        {
            return c - '0';
        }

        if (c >= (byte)'a' && c <= (byte)'f')
        {
            return c - 'a' + 10;
        }

        if (c >= (byte)'A' && c <= (byte)'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }
}
