// The cached PMM: the bitmap PMM behind a front cache of single frames, Linux's per-CPU page lists in their
// simplest form (one list; MeghaOS runs PMM calls in a critical section on one CPU). A frame freed by its owner is
// not given back to the bitmap: it stays allocated in the PAB, owned by the cache (its owner byte says so), on a
// small stack, and the next single-frame allocation takes it from there by rewriting that one owner byte. So an
// allocate + free pair touches the cache's stack and one owner byte instead of four bitmaps and the counts.
//
// The commonest single-frame pattern is a frame allocated and freed again soon (a scratch page, a table built and
// dropped), so the cache remembers the last frame it lent and to whom: while its caller holds it, it is that
// owner's single-frame allocation (it was one while held, and only a free changes that; a split of it changes
// nothing), so a free of exactly that address by that owner needs no metadata read at all, neither the frame's
// bitmap words nor its owner byte. Any free through the general path forgets it.
//
// Every status stays exactly the one the bitmaps decide (FrameTable.cs): a free is taken by the cache only when it
// is a valid free of a single-frame allocation; a frame in the cache is owned by the cache, so freeing it again is
// not valid and goes to the general path; there, and for every request the cache does not serve, the bitmap PMM
// answers, and when it refuses while the cache holds frames, the cache gives them all back and the bitmap PMM is
// asked again (a refused request changes nothing, so only the second answer counts, and it is the exact one: the
// double free, the run that needed a cached frame, the range that held one). The shared functions settle the table
// first (FrameTable.Settle): counts (/sys/pmm/stats), the view (/dev/pab, a switch to another implementation), a
// split and the consistency check all see the cache emptied, so they show exactly the allocations callers hold.
namespace MeghaOS.Memory;

using System.Runtime.CompilerServices;

/// <summary>
/// The bitmap PMM with a front cache of up to <see cref="Capacity"/> single frames ("cached"). Metadata: the bitmap
/// PMM's plus the cache's slots (in its context). Manages up to <see cref="MaxFrames"/> frames.
/// </summary>
public static unsafe class CachedPmm
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "cached";

    /// <summary>The most frames one instance manages: the bitmap PMM's limit.</summary>
    public const ulong MaxFrames = BitmapPmm.MaxFrames;

    /// <summary>Frames the cache holds at most; a free beyond that goes straight to the bitmap PMM.</summary>
    public const ulong Capacity = 64;

    /// <summary>
    /// The owner byte of a frame the cache holds. Owners are one byte and every value is valid, so a caller may use
    /// this one too: such a free never takes the cache's paths (the cache gives back its frames first and the
    /// bitmap PMM decides), so a frame the cache holds is never taken for the caller's.
    /// </summary>
    public const FrameOwner HeldOwner = (FrameOwner)255;

    // CachedContext.LentAddress when no lent frame is remembered: not a frame's address (those are below 2^52).
    private const ulong NothingLent = ulong.MaxValue;

    /// <summary>The descriptor <see cref="PmmCatalog"/> lists.</summary>
    public static PmmImplementation Implementation => new PmmImplementation
    {
        Name = Name,
        MaxFrames = MaxFrames,
        ContextBytes = (ulong)sizeof(CachedContext),
        IndexBytes = &IndexBytes,
        BuildIndex = &BuildIndex,
        Allocate = &Allocate,
        AllocateAt = &AllocateAt,
        Deallocate = &Deallocate,
        CheckIndex = &CheckIndex,
    };

    // The bitmap PMM's summary (the cache's slots are in the context).
    private static ulong IndexBytes(ulong frameCount) => BitmapPmm.Implementation.IndexBytes(frameCount);

    // The bitmap PMM's index, and the cache empty, which the shared functions empty again before every outside read.
    private static void BuildIndex(void* contextPointer, ref PmmMetadata cursor)
    {
        CachedContext* context = (CachedContext*)contextPointer;
        BitmapPmm.Implementation.BuildIndex(contextPointer, ref cursor);
        context->Depth = 0;
        context->LentAddress = NothingLent;
        context->GiveBackFailures = 0;
        context->Bitmap.Table.GiveBackHeldFrames = &GiveBackAll;
    }

    /// <summary>
    /// The operations table's Allocate. One frame (count and alignment 1) while the cache holds one: the frame on top
    /// becomes the caller's (its owner byte; it is already allocated in the bitmaps). Anything else goes through
    /// <see cref="AllocateGeneral"/>.
    /// </summary>
    public static PmmStatus Allocate(void* contextPointer, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        CachedContext* context = (CachedContext*)contextPointer;
        ulong depth = context->Depth;
        if (((count ^ 1) | (alignment ^ 1)) == 0 && depth != 0)
        {
            // Valid arguments and a frame to hand out, so the bitmap PMM's checks would pass.
            ulong frame = context->Frames[depth - 1];
            context->Depth = depth - 1;
            context->Bitmap.Table.Owners[frame] = (byte)owner;
            ulong lent = frame << PhysicalAddress.FrameShift;
            context->LentAddress = lent;
            context->LentOwner = owner;
            address = new PhysicalAddress(lent);
            return PmmStatus.Success;
        }

        return AllocateGeneral(context, count, alignment, owner, out address);
    }

    // The bitmap PMM allocates; when it refuses while the cache holds frames (OutOfMemory: the frames or the run it
    // needed may be in the cache), the cache gives them back and it is asked again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus AllocateGeneral(CachedContext* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        PmmStatus status = BitmapPmm.Allocate(context, count, alignment, owner, out address);
        if (status != PmmStatus.Success && context->Depth != 0)
        {
            GiveBackAll(context);
            status = BitmapPmm.Allocate(context, count, alignment, owner, out address);
        }

        return status;
    }

    /// <summary>The operations table's AllocateAt: the bitmap PMM's, asked again with the cache emptied when it refuses.</summary>
    public static PmmStatus AllocateAt(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        CachedContext* context = (CachedContext*)contextPointer;
        PmmStatus status = BitmapPmm.AllocateAt(context, address, count, owner);
        if (status != PmmStatus.Success && context->Depth != 0)
        {
            GiveBackAll(context);
            status = BitmapPmm.AllocateAt(context, address, count, owner);
        }

        return status;
    }

    /// <summary>
    /// The operations table's Deallocate. A valid free of a single-frame allocation, while the cache has room, puts
    /// the frame on the cache (its owner byte becomes <see cref="HeldOwner"/>): for the last frame the cache lent,
    /// judged here by the address and owner it was lent at alone; for any other, by the frame's bitmap words in
    /// <see cref="DeallocateOther"/>. Everything else, every error included, goes through
    /// <see cref="DeallocateGeneral"/>.
    /// </summary>
    public static PmmStatus Deallocate(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        CachedContext* context = (CachedContext*)contextPointer;
        ulong depth = context->Depth;
        if (address.Value == context->LentAddress && owner == context->LentOwner && count == 1 && depth < Capacity &&
            owner != HeldOwner)
        {
            context->LentAddress = NothingLent;
            Hold(context, depth, address.Value >> PhysicalAddress.FrameShift);
            return PmmStatus.Success;
        }

        return DeallocateOther(context, address, count, owner);
    }

    // Any free but that of the last lent frame: held when the frame's bitmap words and owner byte show a valid free
    // of a single-frame allocation and the cache has room, otherwise decided by DeallocateGeneral. Out of line, so
    // the lent frame's path above needs no stack frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateOther(CachedContext* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        ulong depth = context->Depth;
        if (depth < Capacity && owner != HeldOwner &&
            context->Bitmap.Table.IsSingleFrameAllocation(address, count, owner, out ulong frame))
        {
            Hold(context, depth, frame);
            return PmmStatus.Success;
        }

        return DeallocateGeneral(context, address, count, owner);
    }

    // A free by HeldOwner: the cache gives back its frames first, so the bitmap PMM judges the caller's frames alone.
    // A single frame that ends its PAB word: FrameTable.CheckFree decides, and a valid free is held. Anything else:
    // the bitmap PMM frees, asked again with the cache emptied when it refuses (a double free of a held frame is
    // refused first as another owner's frame, then found free: DoubleFree).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateGeneral(CachedContext* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        context->LentAddress = NothingLent; // this free may end the lent frame's allocation
        if (owner == HeldOwner)
        {
            GiveBackAll(context);
            return BitmapPmm.Deallocate(context, address, count, owner);
        }

        ulong depth = context->Depth;
        if (count == 1 && depth < Capacity && context->Bitmap.Table.CheckFree(address, count, owner, out ulong frame) == PmmStatus.Success)
        {
            Hold(context, depth, frame);
            return PmmStatus.Success;
        }

        PmmStatus status = BitmapPmm.Deallocate(context, address, count, owner);
        if (status != PmmStatus.Success && context->Depth != 0)
        {
            GiveBackAll(context);
            status = BitmapPmm.Deallocate(context, address, count, owner);
        }

        return status;
    }

    // The caller's single-frame allocation at frame becomes the cache's, on top of its depth frames.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Hold(CachedContext* context, ulong depth, ulong frame)
    {
        context->Bitmap.Table.Owners[frame] = (byte)HeldOwner;
        context->Frames[depth] = (uint)frame;
        context->Depth = depth + 1;
    }

    // Empties the cache: each held frame is freed by the bitmap PMM as the cache's own single-frame allocation
    // (which checks that it is one). The table's GiveBackHeldFrames, so FrameTable.Settle calls it.
    private static void GiveBackAll(void* contextPointer)
    {
        CachedContext* context = (CachedContext*)contextPointer;
        for (ulong slot = context->Depth; slot-- > 0;)
        {
            if (BitmapPmm.Deallocate(context, PhysicalAddress.FromFrame(context->Frames[slot]), 1, HeldOwner) != PmmStatus.Success)
            {
                context->GiveBackFailures++;
            }
        }

        context->Depth = 0;
    }

    // The bitmap PMM's index check, then whether every frame given back so far was the cache's to give (the check
    // runs on a settled table, so the cache is empty by then).
    private static PmmConsistency CheckIndex(void* contextPointer)
    {
        PmmConsistency bitmap = BitmapPmmChecker.CheckIndex(contextPointer);
        if (bitmap != PmmConsistency.Consistent)
        {
            return bitmap;
        }

        return ((CachedContext*)contextPointer)->GiveBackFailures == 0 ? PmmConsistency.Consistent : PmmConsistency.FrameCacheWrong;
    }
}
