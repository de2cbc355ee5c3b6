// Consistency checks of the shared bitmaps and counts, the first part of every implementation's checker
// (PmmImplementation.CheckConsistency): run by `pmm check` on the live kernel and by the tests. It reads every word.
namespace MeghaOS.Memory;

/// <summary>Checks the invariants of a <see cref="FrameTable"/>.</summary>
public static unsafe class FrameTableChecker
{
    /// <summary>
    /// Checks: bits past the end (PAB and reserved 1, others 0); reserved is within the PAB and never allocated;
    /// every start is an allocated frame; every allocated frame is marked ever allocated; every run of allocated
    /// frames begins with a start; the counts match the bitmaps; every bit of the free-group index matches the PAB
    /// (level 1) or the level below.
    /// </summary>
    public static PmmConsistency Check(in FrameTable table)
    {
        ulong words = table.WordCount;
        ulong tail = table.FrameCount & 63;
        ulong tailMask = tail == 0 ? 0 : ulong.MaxValue << (int)tail;
        if (words > 0)
        {
            ulong last = words - 1;
            if ((table.Pab[last] & tailMask) != tailMask || (table.Reserved[last] & tailMask) != tailMask ||
                (table.AllocationStarts[last] & tailMask) != 0 || (table.EverAllocated[last] & tailMask) != 0)
            {
                return PmmConsistency.TailBitsWrong;
            }
        }

        ulong previousAllocatedTop = 0;
        for (ulong w = 0; w < words; w++)
        {
            ulong inRange = w == words - 1 ? ~tailMask : ulong.MaxValue;
            ulong pab = table.Pab[w];
            ulong reserved = table.Reserved[w];
            ulong starts = table.AllocationStarts[w];
            ulong ever = table.EverAllocated[w];
            ulong allocated = pab & ~reserved & inRange;
            if ((reserved & ~pab) != 0)
            {
                return PmmConsistency.ReservedNotInPab;
            }

            if ((reserved & ever) != 0)
            {
                return PmmConsistency.ReservedEverAllocated;
            }

            if ((starts & ~allocated) != 0)
            {
                return PmmConsistency.StartNotAllocated;
            }

            if ((allocated & ~ever) != 0)
            {
                return PmmConsistency.AllocatedNeverMarked;
            }

            // A frame that is allocated while the frame before it is not must be a start.
            ulong allocatedBefore = (allocated << 1) | previousAllocatedTop;
            if ((allocated & ~allocatedBefore & ~starts) != 0)
            {
                return PmmConsistency.AllocationWithoutStart;
            }

            previousAllocatedTop = allocated >> 63;
        }

        if (table.ReservedFrames != FrameBitmap.CountSet(table.Reserved, 0, table.FrameCount) ||
            table.FreeFrames != table.FrameCount - FrameBitmap.CountSet(table.Pab, 0, table.FrameCount))
        {
            return PmmConsistency.CountsWrong;
        }

        return CheckFreeGroups(table);
    }

    // Bit j of level 1 is 1 exactly when PAB word j is 0; bit j of a higher level exactly when word j below is not 0;
    // bits past the end are 0; the top level is a single word.
    private static PmmConsistency CheckFreeGroups(in FrameTable table)
    {
        ulong childWords = table.WordCount;
        ulong* child = table.Pab;
        for (int level = 1; level <= table.FreeGroups.LevelCount; level++)
        {
            ulong* summary = table.FreeGroups.Level(level);
            ulong words = (childWords + 63) >> 6;
            for (ulong i = 0; i < words * 64; i++)
            {
                bool expected = i < childWords && (level == 1 ? child[i] == 0 : child[i] != 0);
                if (FrameBitmap.Test(summary, i) != expected)
                {
                    return PmmConsistency.FreeGroupIndexWrong;
                }
            }

            child = summary;
            childWords = words;
        }

        return childWords == 1 && table.FreeGroups.GroupCount == table.WordCount
            ? PmmConsistency.Consistent
            : PmmConsistency.FreeGroupIndexWrong;
    }
}
