// Byte-span helpers that the kernel's tiny core library does not have (copy, compare, fill), written with only the
// span indexer and Length so the same source builds on the host and on bare metal.
namespace MeghaOS.Text;

using System;

/// <summary>Copying, comparing and filling byte spans without BCL helpers.</summary>
public static unsafe class Bytes
{
    /// <summary>Copies as many bytes as fit from <paramref name="source"/> into <paramref name="destination"/>; returns the count.</summary>
    public static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int count = source.Length < destination.Length ? source.Length : destination.Length;
        for (int i = 0; i < count; i++)
        {
            destination[i] = source[i];
        }

        return count;
    }

    /// <summary>Copies <paramref name="count"/> bytes between non-overlapping buffers.</summary>
    public static void Copy(byte* destination, byte* source, ulong count)
    {
        for (ulong i = 0; i < count; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Sets every byte of <paramref name="destination"/> to <paramref name="value"/>.</summary>
    public static void Fill(Span<byte> destination, byte value)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = value;
        }
    }

    /// <summary>Sets <paramref name="count"/> bytes at <paramref name="destination"/> to <paramref name="value"/>.</summary>
    public static void Fill(byte* destination, ulong count, byte value)
    {
        for (ulong i = 0; i < count; i++)
        {
            destination[i] = value;
        }
    }

    /// <summary>True when both spans hold the same bytes.</summary>
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="bytes"/> spells <paramref name="text"/> (ASCII, compared character by byte).</summary>
    public static bool Equal(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The address of the first byte of <paramref name="span"/>, or null when it is empty.</summary>
    /// <remarks>Only for spans over memory that does not move: stack, heap blocks, literals.</remarks>
    public static byte* AddressOf(ReadOnlySpan<byte> span)
    {
        if (span.Length == 0)
        {
            return null;
        }

        fixed (byte* first = &span[0])
        {
            return first;
        }
    }

    /// <summary>True for bytes that print as themselves on both consoles: space to '~'.</summary>
    public static bool IsPrintable(byte value) => value >= 0x20 && value < 0x7F;

    /// <summary>Index of the first <paramref name="value"/> in <paramref name="span"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> span, byte value)
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><paramref name="span"/> without leading and trailing spaces, tabs, CRs and LFs.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span)
    {
        int start = 0;
        int end = span.Length;
        while (start < end && IsBlank(span[start]))
        {
            start++;
        }

        while (end > start && IsBlank(span[end - 1]))
        {
            end--;
        }

        return span.Slice(start, end - start);
    }

    private static bool IsBlank(byte value) => value == (byte)' ' || value == (byte)'\t' || value == (byte)'\n' || value == (byte)'\r';
}
