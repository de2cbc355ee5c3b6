// Consistency check of a buddy PMM instance's index (the shared bitmaps are checked first, by
// PmmImplementation.CheckConsistency): the free lists against the PAB.
namespace MeghaOS.Memory;

/// <summary>Checks a buddy PMM instance's free lists (`pmm check` and the tests; it reads all the metadata).</summary>
internal static unsafe class BuddyPmmChecker
{
    /// <summary>
    /// The first problem found, or <see cref="PmmConsistency.Consistent"/>. Checks every list entry (aligned, in
    /// range, order byte, back link, all frames free in the PAB, no free buddy left unmerged), that the order bytes
    /// mark exactly the listed blocks, that no block starts inside another, and that the listed frames add up to the
    /// PAB's free frames (with disjoint all-free blocks that means they cover exactly the free frames).
    /// </summary>
    public static PmmConsistency CheckIndex(void* contextPointer)
    {
        BuddyContext* context = (BuddyContext*)contextPointer;
        ref BuddyFreeLists lists = ref context->Lists;
        ulong frameCount = context->Table.FrameCount;
        ulong listedFrames = 0;
        ulong listedBlocks = 0;
        for (int order = 0; order <= BuddyFreeLists.MaxOrder; order++)
        {
            uint block = lists.Head(order);
            if ((block != BuddyFreeLists.NoFrame) != ((lists.NonEmptyOrders >> order & 1) != 0))
            {
                return PmmConsistency.FreeListWrong;
            }

            uint previous = BuddyFreeLists.NoFrame;
            while (block != BuddyFreeLists.NoFrame)
            {
                ulong size = 1UL << order;
                if (block >= frameCount || (block & (size - 1)) != 0 || size > frameCount - block ||
                    lists.FreeOrderOf(block) != order || lists.Previous(block) != previous ||
                    !FrameBitmap.IsRangeClear(context->Table.Pab, block, block + size))
                {
                    return PmmConsistency.FreeListWrong;
                }

                ulong buddy = block ^ size;
                if (order < BuddyFreeLists.MaxOrder && buddy < frameCount && lists.FreeOrderOf(buddy) == order)
                {
                    return PmmConsistency.BuddiesNotMerged;
                }

                for (ulong inner = block + 1; inner < block + size; inner++)
                {
                    if (lists.FreeOrderOf(inner) >= 0)
                    {
                        return PmmConsistency.FreeListCoverageWrong;
                    }
                }

                listedFrames += size;
                listedBlocks++;
                if (listedBlocks > frameCount)
                {
                    return PmmConsistency.FreeListWrong; // a cycle
                }

                previous = block;
                block = lists.Next(block);
            }
        }

        ulong markedBlocks = 0;
        for (ulong frame = 0; frame < frameCount; frame++)
        {
            if (lists.FreeOrderOf(frame) >= 0)
            {
                markedBlocks++;
            }
        }

        if (markedBlocks != listedBlocks || listedFrames != context->Table.FreeFrames)
        {
            return PmmConsistency.FreeListCoverageWrong;
        }

        return PmmConsistency.Consistent;
    }
}
