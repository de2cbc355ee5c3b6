// What a single page frame is doing now, as answered from the shared bitmaps.
namespace MeghaOS.Memory;

/// <summary>The state of one page frame.</summary>
public enum FrameState
{
    /// <summary>Free: the next allocation may hand it out.</summary>
    Free,

    /// <summary>Handed out by an allocation and not yet freed.</summary>
    Allocated,

    /// <summary>Never handed out: firmware memory, holes, frame 0, the kernel image, PMM metadata.</summary>
    Reserved,

    /// <summary>Past the last managed frame.</summary>
    OutOfRange,
}
