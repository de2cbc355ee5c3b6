// The index of wholly free 64-frame groups every implementation shares (it lives in the FrameTable): bit j of level 1
// says "PAB word j is 0", so its 64 frames are all free; bit j of level k + 1 says "word j of level k is not 0", up to
// a single top word. A run of 64 or more frames starting at a multiple of 64 begins with such a group, so finding the
// lowest one (or knowing there is none) costs one word read per level instead of a scan of the PAB: contiguous,
// 64-aligned runs are found, and fail, in bounded time on any map, for every implementation.
namespace MeghaOS.Memory;

using System.Numerics;
using System.Runtime.CompilerServices;

/// <summary>A hierarchical bitmap of wholly free PAB words, in caller-supplied memory.</summary>
public unsafe struct FreeGroupIndex
{
    /// <summary>The most levels a PAB of up to 2^30 words (2^36 frames) needs.</summary>
    public const int MaxLevels = 5;

    /// <summary>Returned by the searches when no group qualifies.</summary>
    public const ulong NoGroup = ulong.MaxValue;

    /// <summary>Bytes of the level table (<see cref="MaxLevels"/> + 1 pointers).</summary>
    public const ulong PointerBytes = (MaxLevels + 1) * 8;

    // _levels[1.._levelCount]: level 1 has one bit per PAB word, the top level is one word.
    private ulong** _levels;
    private int _levelCount;
    private ulong _groupCount;

    /// <summary>Words all levels need together for <paramref name="groupCount"/> groups (PAB words).</summary>
    public static ulong WordsFor(ulong groupCount)
    {
        ulong total = 0;
        ulong words = groupCount;
        do
        {
            words = (words + 63) >> 6;
            total += words;
        }
        while (words > 1);
        return total;
    }

    /// <summary>Bytes of the level table and the levels for <paramref name="groupCount"/> groups.</summary>
    public static ulong Bytes(ulong groupCount) => PointerBytes + WordsFor(groupCount) * 8;

    /// <summary>Number of levels.</summary>
    public readonly int LevelCount => _levelCount;

    /// <summary>Number of groups (PAB words) indexed.</summary>
    public readonly ulong GroupCount => _groupCount;

    /// <summary>Level <paramref name="level"/> (1 = one bit per group).</summary>
    public readonly ulong* Level(int level) => _levels[level];

    /// <summary>Points the index at <see cref="Bytes"/> bytes of 8-byte aligned memory; <see cref="Build"/> fills it.</summary>
    public void Attach(ulong groupCount, ulong* memory)
    {
        _groupCount = groupCount;
        _levels = (ulong**)memory;
        ulong* next = memory + MaxLevels + 1;
        _levelCount = 0;
        ulong words = groupCount;
        do
        {
            words = (words + 63) >> 6;
            _levelCount++;
            _levels[_levelCount] = next;
            next += words;
        }
        while (words > 1 && _levelCount < MaxLevels);
    }

    /// <summary>Builds every level from the PAB.</summary>
    public readonly void Build(ulong* pab)
    {
        ulong childWords = _groupCount;
        for (int level = 1; level <= _levelCount; level++)
        {
            ulong words = (childWords + 63) >> 6;
            ulong* summary = _levels[level];
            FrameBitmap.Fill(summary, words, 0);
            for (ulong i = 0; i < childWords; i++)
            {
                if (level == 1 ? pab[i] == 0 : _levels[level - 1][i] != 0)
                {
                    FrameBitmap.Set(summary, i);
                }
            }

            childWords = words;
        }
    }

    /// <summary>Group <paramref name="group"/>, which was wholly free, now has an allocated frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void GroupTaken(ulong group)
    {
        ulong index = group;
        for (int level = 1; level <= _levelCount; level++)
        {
            ulong* word = _levels[level] + (index >> 6);
            ulong value = *word & ~(1UL << (int)(index & 63));
            *word = value;
            if (value != 0)
            {
                return;
            }

            index >>= 6;
        }
    }

    /// <summary>Group <paramref name="group"/> became wholly free.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void GroupFreed(ulong group)
    {
        ulong index = group;
        for (int level = 1; level <= _levelCount; level++)
        {
            ulong* word = _levels[level] + (index >> 6);
            ulong value = *word;
            *word = value | (1UL << (int)(index & 63));
            if (value != 0)
            {
                return;
            }

            index >>= 6;
        }
    }

    /// <summary>Brings the index up to date after the PAB words [first, last] changed in any way.</summary>
    public readonly void GroupsChanged(ulong* pab, ulong first, ulong last)
    {
        for (ulong group = first; group <= last; group++)
        {
            bool free = pab[group] == 0;
            if (free != FrameBitmap.Test(_levels[1], group))
            {
                if (free)
                {
                    GroupFreed(group);
                }
                else
                {
                    GroupTaken(group);
                }
            }
        }
    }

    /// <summary>The lowest wholly free group at or after <paramref name="from"/>, or <see cref="NoGroup"/>.</summary>
    public readonly ulong FindNext(ulong from)
    {
        if (from >= _groupCount)
        {
            return NoGroup;
        }

        // Climb until a level has a set bit at or after the current index, then descend along the lowest set bits.
        ulong index = from;
        ulong bits = _groupCount; // bits in use at the current level
        for (int level = 1; level <= _levelCount; level++)
        {
            ulong found = _levels[level][index >> 6] & (ulong.MaxValue << (int)(index & 63));
            if (found != 0)
            {
                index = (index & ~63UL) + (ulong)BitOperations.TrailingZeroCount(found);
                for (int down = level - 1; down > 0; down--)
                {
                    index = (index << 6) + (ulong)BitOperations.TrailingZeroCount(_levels[down][index]);
                }

                return index;
            }

            // Nothing left in this word: go on from the next word, which is the next bit one level up.
            index = (index >> 6) + 1;
            bits = (bits + 63) >> 6;
            if (index >= bits)
            {
                return NoGroup;
            }
        }

        return NoGroup;
    }
}
