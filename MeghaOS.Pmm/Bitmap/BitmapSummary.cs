// The bitmap allocator's index over the PAB: a small tree of bitmaps in which bit j of level 1 says "PAB word j has
// a free frame" and bit j of level k + 1 says "word j of level k is not zero", up to a single top word. Finding a
// free frame is then one word read per level, however full the PAB is, instead of a linear scan.
namespace MeghaOS.Memory;

using System.Numerics;
using System.Runtime.CompilerServices;

/// <summary>A hierarchical summary of free PAB words, stored in caller-supplied memory.</summary>
internal unsafe struct BitmapSummary
{
    /// <summary>The most summary levels any supported frame count needs (2^28 frames, 2^22 PAB words, need 4).</summary>
    public const int MaxLevels = 6;

    /// <summary>Returned by the searches when no free frame exists.</summary>
    public const ulong NoFrame = ulong.MaxValue;

    // _levels[0] is the PAB itself (1 = not free); _levels[1.._levelCount] are summaries (1 = has free below).
    private ulong** _levels;
    private int _levelCount;

    /// <summary>Words all summary levels need together for a PAB of <paramref name="pabWords"/> words.</summary>
    public static ulong WordsFor(ulong pabWords)
    {
        ulong total = 0;
        ulong words = pabWords;
        do
        {
            words = (words + 63) >> 6;
            total += words;
        }
        while (words > 1);
        return total;
    }

    /// <summary>Bytes for the level pointer array.</summary>
    public const ulong PointerBytes = (MaxLevels + 1) * 8;

    /// <summary>
    /// Lays the levels out in <paramref name="memory"/> (<see cref="WordsFor"/> words), using
    /// <paramref name="pointers"/> (<see cref="PointerBytes"/> bytes) for the level table, and builds them from the PAB.
    /// </summary>
    public void Build(ulong* pab, ulong pabWords, ulong** pointers, ulong* memory)
    {
        _levels = pointers;
        _levels[0] = pab;
        _levelCount = 0;
        ulong words = pabWords;
        ulong* next = memory;
        do
        {
            ulong childWords = words;
            words = (words + 63) >> 6;
            _levelCount++;
            _levels[_levelCount] = next;
            FrameBitmap.Fill(next, words, 0);
            ulong* child = _levels[_levelCount - 1];
            bool childIsPab = _levelCount == 1;
            for (ulong i = 0; i < childWords; i++)
            {
                bool hasFree = childIsPab ? child[i] != ulong.MaxValue : child[i] != 0;
                if (hasFree)
                {
                    FrameBitmap.Set(next, i);
                }
            }

            next += words;
        }
        while (words > 1);
    }

    /// <summary>Number of summary levels.</summary>
    public readonly int LevelCount => _levelCount;

    /// <summary>Summary level <paramref name="level"/> (1 = directly above the PAB).</summary>
    public readonly ulong* Level(int level) => _levels[level];

    /// <summary>The lowest free frame, or <see cref="NoFrame"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong FindFirstFree()
    {
        ulong** levels = _levels;
        int level = _levelCount;
        ulong top = levels[level][0];
        if (top == 0)
        {
            return NoFrame;
        }

        ulong index = (ulong)BitOperations.TrailingZeroCount(top);
        while (--level > 0)
        {
            index = (index << 6) + (ulong)BitOperations.TrailingZeroCount(levels[level][index]);
        }

        return (index << 6) + (ulong)BitOperations.TrailingZeroCount(~levels[0][index]);
    }

    /// <summary>The lowest free frame at or after <paramref name="from"/> (below the PAB's end), or <see cref="NoFrame"/>.</summary>
    public readonly ulong FindNextFree(ulong from)
    {
        ulong** levels = _levels;
        ulong index = from >> 6;
        ulong bits = ~levels[0][index] & (ulong.MaxValue << (int)(from & 63));
        if (bits != 0)
        {
            return (index << 6) + (ulong)BitOperations.TrailingZeroCount(bits);
        }

        // Climb until a level has a set bit after the current index, then descend along the lowest set bits.
        for (int level = 1; level <= _levelCount; level++)
        {
            ulong word = levels[level][index >> 6];
            ulong after = (ulong.MaxValue << (int)(index & 63)) << 1;
            bits = word & after;
            if (bits != 0)
            {
                index = (index & ~63UL) + (ulong)BitOperations.TrailingZeroCount(bits);
                for (int down = level - 1; down > 0; down--)
                {
                    index = (index << 6) + (ulong)BitOperations.TrailingZeroCount(levels[down][index]);
                }

                return (index << 6) + (ulong)BitOperations.TrailingZeroCount(~levels[0][index]);
            }

            index >>= 6;
        }

        return NoFrame;
    }

    /// <summary>Brings the summary up to date after PAB word <paramref name="pabWord"/> changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void PabWordChanged(ulong pabWord)
    {
        ulong** levels = _levels;
        ulong index = pabWord;
        if (levels[0][index] == ulong.MaxValue)
        {
            // The word became full: clear its bit, and the parent's while words become empty.
            for (int level = 1; level <= _levelCount; level++)
            {
                ulong* word = levels[level] + (index >> 6);
                ulong value = *word & ~(1UL << (int)(index & 63));
                *word = value;
                if (value != 0)
                {
                    return;
                }

                index >>= 6;
            }
        }
        else
        {
            // The word has a free frame: set its bit, and the parent's while words were empty before.
            for (int level = 1; level <= _levelCount; level++)
            {
                ulong* word = levels[level] + (index >> 6);
                ulong value = *word;
                *word = value | (1UL << (int)(index & 63));
                if (value != 0)
                {
                    return;
                }

                index >>= 6;
            }
        }
    }

    /// <summary>
    /// Brings the summary up to date after PAB word <paramref name="pabWord"/>, the lowest word with a free frame,
    /// became full, and returns the new lowest word with a free frame (<see cref="NoFrame"/> when none is left).
    /// Every word below <paramref name="pabWord"/> is full, so when its level-1 word still has a bit set, the lowest
    /// one is the answer, without a walk from the top.
    /// </summary>
    public readonly ulong LowestFreeWordFilled(ulong pabWord)
    {
        ulong* word = _levels[1] + (pabWord >> 6);
        ulong value = *word & ~(1UL << (int)(pabWord & 63));
        if (value != 0)
        {
            *word = value;
            return (pabWord & ~63UL) + (ulong)BitOperations.TrailingZeroCount(value);
        }

        PabWordChanged(pabWord);
        ulong frame = FindFirstFree();
        return frame == NoFrame ? NoFrame : frame >> 6;
    }

    /// <summary>Brings the summary up to date after the PAB bits [first, end) changed.</summary>
    public readonly void PabRangeChanged(ulong first, ulong end)
    {
        if (end <= first)
        {
            return;
        }

        ulong last = (end - 1) >> 6;
        for (ulong word = first >> 6; word <= last; word++)
        {
            PabWordChanged(word);
        }
    }
}
