// The state of one bitmap PMM instance. It sits at the start of the caller's metadata buffer; the operations
// table's Context points at it.
namespace MeghaOS.Memory;

/// <summary>The state of one bitmap PMM instance, at the start of its metadata.</summary>
internal unsafe struct BitmapContext
{
    /// <summary>The shared bitmaps and counts.</summary>
    public FrameTable Table;

    /// <summary>The index of PAB words that hold a free frame.</summary>
    public BitmapSummary Summary;

    /// <summary>The summary's table of level pointers (in the metadata).</summary>
    public ulong** SummaryPointers;

    /// <summary>The summary levels' words (in the metadata).</summary>
    public ulong* SummaryWords;

    /// <summary>
    /// The lowest PAB word that has a free frame, or the word count when no frame is free: the answer the summary
    /// would give, kept so a single-frame allocation reads one PAB word instead of walking the summary. Exact at all
    /// times (a free below it lowers it; filling it moves it on through the summary), so first fit stays first fit.
    /// </summary>
    public ulong FirstFreeWord;
}
