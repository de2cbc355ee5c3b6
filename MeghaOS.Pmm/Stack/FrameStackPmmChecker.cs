// Consistency check of a free-frame stack instance's index (the shared bitmaps are checked first, by
// PmmImplementation.CheckConsistency): the stack holds exactly the free frames, each once, and the slot index
// points at each one's place.
namespace MeghaOS.Memory;

/// <summary>Checks a free-frame stack instance's stack and slot index (`pmm check` and the tests).</summary>
internal static unsafe class FrameStackPmmChecker
{
    /// <summary>
    /// The first problem found, or <see cref="PmmConsistency.Consistent"/>. Every entry must be a frame in range that
    /// is free in the PAB and whose slot is that entry (so no frame is on the stack twice); the depth must equal the
    /// free frame count (so, with distinct free entries, the stack covers exactly the free frames).
    /// </summary>
    public static PmmConsistency CheckIndex(void* contextPointer)
    {
        FrameStackContext* context = (FrameStackContext*)contextPointer;
        ulong frameCount = context->Table.FrameCount;
        if (context->Depth != context->Table.FreeFrames)
        {
            return PmmConsistency.FreeStackDepthWrong;
        }

        for (ulong slot = 0; slot < context->Depth; slot++)
        {
            ulong frame = context->Stack[slot];
            if (frame >= frameCount || FrameBitmap.Test(context->Table.Pab, frame) || context->Slot[frame] != slot)
            {
                return PmmConsistency.FreeStackWrong;
            }
        }

        return PmmConsistency.Consistent;
    }
}
