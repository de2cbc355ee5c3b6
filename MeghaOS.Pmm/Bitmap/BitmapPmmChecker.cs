// Consistency check of a bitmap PMM instance's index (the shared bitmaps are checked first, by
// PmmImplementation.CheckConsistency): every summary bit against the level below, then the cached lowest free word.
namespace MeghaOS.Memory;

/// <summary>Checks a bitmap PMM instance's index (`pmm check` and the tests; it reads all the metadata).</summary>
internal static unsafe class BitmapPmmChecker
{
    /// <summary>The first problem found, or <see cref="PmmConsistency.Consistent"/>.</summary>
    public static PmmConsistency CheckIndex(void* contextPointer)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        ulong childWords = context->Table.WordCount;
        ulong* child = context->Table.Pab;
        for (int level = 1; level <= context->Summary.LevelCount; level++)
        {
            ulong* summary = context->Summary.Level(level);
            ulong words = (childWords + 63) >> 6;
            for (ulong i = 0; i < words * 64; i++)
            {
                bool expected = i < childWords && (level == 1 ? child[i] != ulong.MaxValue : child[i] != 0);
                if (FrameBitmap.Test(summary, i) != expected)
                {
                    return PmmConsistency.SummaryWrong;
                }
            }

            child = summary;
            childWords = words;
        }

        if (childWords != 1)
        {
            return PmmConsistency.SummaryWrong;
        }

        // FirstFreeWord: the lowest PAB word with a free frame, the word count when none is free.
        ulong firstFree = 0;
        while (firstFree < context->Table.WordCount && context->Table.Pab[firstFree] == ulong.MaxValue)
        {
            firstFree++;
        }

        return context->FirstFreeWord == firstFree ? PmmConsistency.Consistent : PmmConsistency.FirstFreeWordWrong;
    }
}
