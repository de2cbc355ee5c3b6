// The state of one buddy PMM instance. It sits at the start of the caller's metadata buffer; the operations
// table's Context points at it.
namespace MeghaOS.Memory;

/// <summary>The state of one buddy PMM instance, at the start of its metadata.</summary>
internal struct BuddyContext
{
    /// <summary>The shared bitmaps and counts.</summary>
    public FrameTable Table;

    /// <summary>The free blocks, one list per order.</summary>
    public BuddyFreeLists Lists;
}
