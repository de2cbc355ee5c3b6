// What a consistency check of a PMM instance found (Zircon's pmm_checker idea): tests run the checks after
// operations so a corrupted index is caught where it happens, not when it later hands out a frame twice.
namespace MeghaOS.Memory;

/// <summary>The result of a PMM consistency check; the first problem found.</summary>
public enum PmmConsistency
{
    /// <summary>Every invariant holds.</summary>
    Consistent = 0,

    /// <summary>The operations table belongs to another implementation.</summary>
    WrongImplementation,

    /// <summary>Bits past the last frame are not 1 in the PAB and reserved bitmaps and 0 in the others.</summary>
    TailBitsWrong,

    /// <summary>A reserved frame is 0 in the PAB.</summary>
    ReservedNotInPab,

    /// <summary>A reserved frame is marked as allocated once.</summary>
    ReservedEverAllocated,

    /// <summary>An allocation start bit is set on a frame that is not allocated.</summary>
    StartNotAllocated,

    /// <summary>An allocated frame is not marked as ever allocated.</summary>
    AllocatedNeverMarked,

    /// <summary>A run of allocated frames does not begin with an allocation start.</summary>
    AllocationWithoutStart,

    /// <summary>The free or reserved counts differ from the bitmaps.</summary>
    CountsWrong,

    /// <summary>Bitmap PMM: a summary bit disagrees with the words below it.</summary>
    SummaryWrong,

    /// <summary>Buddy PMM: a free list entry is misaligned, out of range, badly linked, on the wrong list, or not free in the PAB.</summary>
    FreeListWrong,

    /// <summary>Buddy PMM: free blocks overlap, or the free lists do not cover exactly the free frames.</summary>
    FreeListCoverageWrong,

    /// <summary>Buddy PMM: two free buddies of the same order were not merged.</summary>
    BuddiesNotMerged,

    /// <summary>Bitmap PMM: the cached lowest PAB word with a free frame is not that word.</summary>
    FirstFreeWordWrong,

    /// <summary>Free-frame stack PMM: an entry is out of range, not free in the PAB, or not where its slot says.</summary>
    FreeStackWrong,

    /// <summary>Free-frame stack PMM: the stack's depth is not the free frame count.</summary>
    FreeStackDepthWrong,

    /// <summary>A bit of the shared free-group index (FrameTable.FreeGroups) disagrees with the PAB or the level below.</summary>
    FreeGroupIndexWrong,

    /// <summary>Cached PMM: a frame its front cache held was not the cache's single-frame allocation when given back.</summary>
    FrameCacheWrong,
}
