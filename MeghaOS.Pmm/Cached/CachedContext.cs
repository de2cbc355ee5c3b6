// The state of one cached PMM instance: a bitmap PMM's state first, so the bitmap PMM's functions take this context
// as their own, then the front cache of single frames, its slots inside the context so that a fast path's reads and
// writes (the depth, the lent address, the top slot) share a few cache lines. It sits at the start of the caller's
// metadata buffer; the operations table's Context points at it.
namespace MeghaOS.Memory;

/// <summary>The state of one cached PMM instance, at the start of its metadata.</summary>
internal unsafe struct CachedContext
{
    /// <summary>The bitmap PMM underneath (its FrameTable starts this context).</summary>
    public BitmapContext Bitmap;

    /// <summary>Frames held: slots [0, Depth) of <see cref="Frames"/>.</summary>
    public ulong Depth;

    /// <summary>
    /// The address of the last frame the cache lent, while its caller may still hold it as that single-frame
    /// allocation of <see cref="LentOwner"/>: a free of exactly this address by that owner is valid without reading
    /// the frame's metadata. ulong.MaxValue: none.
    /// </summary>
    public ulong LentAddress;

    /// <summary>The owner the frame at <see cref="LentAddress"/> was lent to (its owner byte, while it is lent).</summary>
    public FrameOwner LentOwner;

    /// <summary>
    /// Held frames the bitmap PMM refused to take back (it found them not to be the cache's single-frame
    /// allocations: the metadata was damaged); the checker reports any as <see cref="PmmConsistency.FrameCacheWrong"/>.
    /// </summary>
    public ulong GiveBackFailures;

    /// <summary>
    /// The cache: <see cref="CachedPmm.Capacity"/> slots of frame numbers, the last one freed on top. Each held
    /// frame is, in the bitmaps, a single-frame allocation owned by <see cref="CachedPmm.HeldOwner"/>.
    /// </summary>
    public fixed uint Frames[(int)CachedPmm.Capacity];
}
