// The state of one free-frame stack PMM instance. It sits at the start of the caller's metadata buffer; the
// operations table's Context points at it.
namespace MeghaOS.Memory;

/// <summary>The state of one free-frame stack instance, at the start of its metadata.</summary>
internal unsafe struct FrameStackContext
{
    /// <summary>The shared bitmaps and counts.</summary>
    public FrameTable Table;

    /// <summary>Every free frame's number, in no particular order; the top is <c>Stack[Depth - 1]</c>.</summary>
    public uint* Stack;

    /// <summary>For a free frame, its slot in <see cref="Stack"/>, so any free frame can be taken out in O(1).</summary>
    public uint* Slot;

    /// <summary>Number of frames on the stack: always the free frame count.</summary>
    public ulong Depth;
}
