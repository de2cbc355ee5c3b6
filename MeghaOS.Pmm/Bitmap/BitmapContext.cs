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
}
