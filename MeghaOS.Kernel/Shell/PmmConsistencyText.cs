// What `pmm check` says for each result of a PMM consistency check (MeghaOS.Pmm/Common/PmmConsistency.cs).
namespace MeghaOS.Shell;

using System;
using MeghaOS.Memory;

/// <summary>One-line descriptions of <see cref="PmmConsistency"/> values.</summary>
public static class PmmConsistencyText
{
    /// <summary>The description of <paramref name="result"/>.</summary>
    public static ReadOnlySpan<byte> Of(PmmConsistency result)
    {
        switch (result)
        {
            case PmmConsistency.Consistent: return "consistent"u8;
            case PmmConsistency.WrongImplementation: return "the checker belongs to another implementation"u8;
            case PmmConsistency.TailBitsWrong: return "bits past the last frame are wrong"u8;
            case PmmConsistency.ReservedNotInPab: return "a reserved frame is free in the PAB"u8;
            case PmmConsistency.ReservedEverAllocated: return "a reserved frame is marked as allocated once"u8;
            case PmmConsistency.StartNotAllocated: return "an allocation start is on a frame that is not allocated"u8;
            case PmmConsistency.AllocatedNeverMarked: return "an allocated frame is not marked as ever allocated"u8;
            case PmmConsistency.AllocationWithoutStart: return "a run of allocated frames has no allocation start"u8;
            case PmmConsistency.CountsWrong: return "the free or reserved counts differ from the bitmaps"u8;
            case PmmConsistency.SummaryWrong: return "a summary bit disagrees with the PAB words below it"u8;
            case PmmConsistency.FreeListWrong: return "a free list entry is wrong (alignment, range, links, order or PAB)"u8;
            case PmmConsistency.FreeListCoverageWrong: return "the free lists do not cover exactly the free frames"u8;
            case PmmConsistency.BuddiesNotMerged: return "two free buddies were not merged"u8;
            case PmmConsistency.FirstFreeWordWrong: return "the cached lowest free word is wrong"u8;
            case PmmConsistency.FreeStackWrong: return "a free stack entry is wrong (range, PAB or slot index)"u8;
            case PmmConsistency.FreeStackDepthWrong: return "the free stack's depth differs from the free frame count"u8;
            case PmmConsistency.FreeGroupIndexWrong: return "a bit of the free-group index disagrees with the PAB"u8;
            case PmmConsistency.FrameCacheWrong: return "a frame the front cache held was not the cache's to give back"u8;
            default: return "unknown problem"u8;
        }
    }
}
