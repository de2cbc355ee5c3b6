// Word-wise bit operations over a caller-owned bitmap with one bit per frame (frame i = bit i % 64 of word i / 64).
// Every PMM bitmap (PAB, reserved, allocation starts, ever allocated, summaries) goes through these helpers, so
// range operations touch 64 frames per step instead of one.
namespace MeghaOS.Memory;

using System.Numerics;
using System.Runtime.CompilerServices;

/// <summary>Bit operations over a bitmap of 64-bit words in caller-supplied memory. Ranges are half-open [start, end).</summary>
public static unsafe class FrameBitmap
{
    /// <summary>Number of 64-bit words needed for <paramref name="bitCount"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WordCount(ulong bitCount) => (bitCount + 63) >> 6;

    /// <summary>True when bit <paramref name="index"/> is 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Test(ulong* words, ulong index) => (words[index >> 6] & (1UL << (int)(index & 63))) != 0;

    /// <summary>Sets bit <paramref name="index"/> to 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(ulong* words, ulong index) => words[index >> 6] |= 1UL << (int)(index & 63);

    /// <summary>Sets bit <paramref name="index"/> to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(ulong* words, ulong index) => words[index >> 6] &= ~(1UL << (int)(index & 63));

    /// <summary>Writes <paramref name="value"/> to every word of <paramref name="wordCount"/> words.</summary>
    public static void Fill(ulong* words, ulong wordCount, ulong value)
    {
        for (ulong i = 0; i < wordCount; i++)
        {
            words[i] = value;
        }
    }

    /// <summary>Copies <paramref name="wordCount"/> words from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void Copy(ulong* destination, ulong* source, ulong wordCount)
    {
        for (ulong i = 0; i < wordCount; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>The mask of the bits of word <paramref name="word"/> that lie in [start, end); end &gt; start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MaskInWord(ulong word, ulong start, ulong end)
    {
        ulong wordStart = word << 6;
        ulong mask = ulong.MaxValue;
        if (start > wordStart)
        {
            mask &= ulong.MaxValue << (int)(start - wordStart);
        }

        if (end < wordStart + 64)
        {
            mask &= ulong.MaxValue >> (int)(wordStart + 64 - end);
        }

        return mask;
    }

    /// <summary>Sets every bit in [start, end) to 1.</summary>
    public static void SetRange(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return;
        }

        ulong first = start >> 6;
        ulong last = (end - 1) >> 6;
        for (ulong w = first; w <= last; w++)
        {
            words[w] |= MaskInWord(w, start, end);
        }
    }

    /// <summary>Sets every bit in [start, end) to 0.</summary>
    public static void ClearRange(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return;
        }

        ulong first = start >> 6;
        ulong last = (end - 1) >> 6;
        for (ulong w = first; w <= last; w++)
        {
            words[w] &= ~MaskInWord(w, start, end);
        }
    }

    /// <summary>True when every bit in [start, end) is 0 (true for an empty range).</summary>
    public static bool IsRangeClear(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return true;
        }

        ulong first = start >> 6;
        ulong last = (end - 1) >> 6;
        for (ulong w = first; w <= last; w++)
        {
            if ((words[w] & MaskInWord(w, start, end)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The highest index in [start, end) whose bit is 1, or <paramref name="end"/> when there is none.</summary>
    public static ulong FindLastSet(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return end;
        }

        ulong first = start >> 6;
        ulong w = (end - 1) >> 6;
        while (true)
        {
            ulong bits = words[w] & MaskInWord(w, start, end);
            if (bits != 0)
            {
                return (w << 6) + 63 - (ulong)BitOperations.LeadingZeroCount(bits);
            }

            if (w == first)
            {
                return end;
            }

            w--;
        }
    }

    /// <summary>The lowest index in [start, end) whose bit is 0, or <paramref name="end"/> when there is none.</summary>
    public static ulong FindFirstClear(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return end;
        }

        ulong last = (end - 1) >> 6;
        for (ulong w = start >> 6; w <= last; w++)
        {
            ulong bits = ~words[w] & MaskInWord(w, start, end);
            if (bits != 0)
            {
                return (w << 6) + (ulong)BitOperations.TrailingZeroCount(bits);
            }
        }

        return end;
    }

    /// <summary>The lowest index in [start, end) whose bit is 1, or <paramref name="end"/> when there is none.</summary>
    public static ulong FindFirstSet(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return end;
        }

        ulong last = (end - 1) >> 6;
        for (ulong w = start >> 6; w <= last; w++)
        {
            ulong bits = words[w] & MaskInWord(w, start, end);
            if (bits != 0)
            {
                return (w << 6) + (ulong)BitOperations.TrailingZeroCount(bits);
            }
        }

        return end;
    }

    /// <summary>
    /// The lowest multiple of <paramref name="alignment"/> (a power of two) that starts <paramref name="count"/> clear
    /// bits below <paramref name="end"/>, or <paramref name="end"/> when there is none. A plain word-wise scan.
    /// </summary>
    public static ulong FindClearRun(ulong* words, ulong end, ulong count, ulong alignment)
    {
        ulong position = FindFirstClear(words, 0, end);
        while (position < end)
        {
            ulong start = (position + alignment - 1) & ~(alignment - 1);
            if (start < position || start >= end || count > end - start)
            {
                return end;
            }

            ulong runEnd = start + count;
            ulong lastSet = FindLastSet(words, start, runEnd);
            if (lastSet == runEnd)
            {
                return start;
            }

            position = FindFirstClear(words, lastSet + 1, end);
        }

        return end;
    }

    /// <summary>Number of 1 bits in [start, end).</summary>
    public static ulong CountSet(ulong* words, ulong start, ulong end)
    {
        if (end <= start)
        {
            return 0;
        }

        ulong count = 0;
        ulong last = (end - 1) >> 6;
        for (ulong w = start >> 6; w <= last; w++)
        {
            count += (ulong)BitOperations.PopCount(words[w] & MaskInWord(w, start, end));
        }

        return count;
    }
}
