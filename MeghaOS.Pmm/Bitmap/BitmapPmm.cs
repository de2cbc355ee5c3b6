// The bitmap PMM: the PAB itself is the allocator's state, with a hierarchical summary (BitmapSummary) so a free
// frame is found in one word read per level, and the lowest word with a free frame cached so a single frame usually
// costs one PAB word read. First fit: it always hands out the lowest fitting frames.
namespace MeghaOS.Memory;

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

/// <summary>
/// The bitmap physical memory manager ("bitmap"). Metadata: the four shared bitmaps (4 bits per frame) plus the
/// summary (about 1/63 bit per frame). Manages up to <see cref="MaxFrames"/> frames.
/// </summary>
public static unsafe class BitmapPmm
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "bitmap";

    /// <summary>The most frames one instance manages: 2^28 frames, 1 TiB (the summary then has 4 levels).</summary>
    public const ulong MaxFrames = 1UL << 28;

    /// <summary>The descriptor <see cref="PmmCatalog"/> lists.</summary>
    public static PmmImplementation Implementation => new PmmImplementation
    {
        Name = Name,
        MaxFrames = MaxFrames,
        ContextBytes = (ulong)sizeof(BitmapContext),
        IndexBytes = &IndexBytes,
        BuildIndex = &BuildIndex,
        Allocate = &Allocate,
        AllocateAt = &AllocateAt,
        Deallocate = &Deallocate,
        CheckIndex = &BitmapPmmChecker.CheckIndex,
    };

    // The summary: its table of level pointers and its words (about 1/63 bit per frame).
    private static ulong IndexBytes(ulong frameCount) =>
        PmmMetadata.Round(BitmapSummary.PointerBytes)
        + PmmMetadata.Round(BitmapSummary.WordsFor(FrameBitmap.WordCount(frameCount)) * 8);

    private static void BuildIndex(void* contextPointer, ref PmmMetadata cursor)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        context->SummaryPointers = (ulong**)cursor.Take(BitmapSummary.PointerBytes);
        context->SummaryWords = (ulong*)cursor.Take(BitmapSummary.WordsFor(context->Table.WordCount) * 8);
        context->Summary.Build(context->Table.Pab, context->Table.WordCount, context->SummaryPointers, context->SummaryWords);
        FindFirstFreeWord(context);
    }

    /// <summary>
    /// The operations table's Allocate: first fit, lowest address. One frame (count and alignment 1) takes the lowest
    /// free frame of <see cref="BitmapContext.FirstFreeWord"/> directly; anything else goes through
    /// <see cref="AllocateGeneral"/>.
    /// </summary>
    public static PmmStatus Allocate(void* contextPointer, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        ulong word = context->FirstFreeWord;
        if (((count ^ 1) | (alignment ^ 1)) == 0 && word < context->Table.WordCount)
        {
            // Valid arguments and a free frame exists (FirstFreeWord < WordCount), so CheckAllocation would pass.
            ulong pab = context->Table.Pab[word];
            ulong bit = ~pab & (pab + 1); // the word's lowest free frame
            ulong frame = (word << 6) + (ulong)BitOperations.TrailingZeroCount(bit);
            address = new PhysicalAddress(frame << PhysicalAddress.FrameShift);
            if (context->Table.RecordFrameAllocation(word, bit, pab, frame, owner) == ulong.MaxValue)
            {
                // A tail call, so the fast path itself needs no stack frame.
                return WordFilled(context, word);
            }

            return PmmStatus.Success;
        }

        return AllocateGeneral(context, count, alignment, owner, out address);
    }

    // Every allocation the fast path does not take: the shared checks, then the summary search.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus AllocateGeneral(BitmapContext* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        address = PhysicalAddress.Null;
        PmmStatus status = context->Table.CheckAllocation(count, alignment);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        ulong first = FindRun(context, count, alignment);
        if (first == FrameTable.NoFrame)
        {
            return PmmStatus.OutOfMemory;
        }

        context->Table.RecordAllocation(first, count, owner);
        context->Summary.PabRangeChanged(first, first + count);
        AllocationMayHaveFilledFirstFreeWord(context);
        address = PhysicalAddress.FromFrame(first);
        return PmmStatus.Success;
    }

    // The lowest free word, FirstFreeWord, became full: update the summary and move FirstFreeWord on to the next
    // word with a free frame. Returns Success (the allocation's status).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus WordFilled(BitmapContext* context, ulong word)
    {
        ulong next = context->Summary.LowestFreeWordFilled(word);
        context->FirstFreeWord = next == BitmapSummary.NoFrame ? context->Table.WordCount : next;
        return PmmStatus.Success;
    }

    // After an allocation other than the fast path's: frames only became taken, so FirstFreeWord can only have moved
    // up, and only if its word is full now.
    private static void AllocationMayHaveFilledFirstFreeWord(BitmapContext* context)
    {
        ulong word = context->FirstFreeWord;
        if (word < context->Table.WordCount && context->Table.Pab[word] == ulong.MaxValue)
        {
            FindFirstFreeWord(context);
        }
    }

    // Recomputes FirstFreeWord from the summary.
    private static void FindFirstFreeWord(BitmapContext* context)
    {
        ulong frame = context->Summary.FindFirstFree();
        context->FirstFreeWord = frame == BitmapSummary.NoFrame ? context->Table.WordCount : frame >> 6;
    }

    // The lowest start that is a multiple of alignment and begins count free frames, or NoFrame. Runs of 64 frames
    // or more aligned to 64 or more start at a wholly free group: the shared free-group index finds them (and knows
    // when there is none) in bounded time. Anything else hops from free frame to free frame through the summary.
    private static ulong FindRun(BitmapContext* context, ulong count, ulong alignment)
    {
        if (count >= 64 && alignment >= 64)
        {
            return context->Table.FindRun(count, alignment);
        }

        ulong frameCount = context->Table.FrameCount;
        ulong* pab = context->Table.Pab;
        ulong position = context->Summary.FindFirstFree();
        while (position != BitmapSummary.NoFrame)
        {
            ulong start = (position + alignment - 1) & ~(alignment - 1);
            if (start < position || start >= frameCount || count > frameCount - start)
            {
                return BitmapSummary.NoFrame;
            }

            ulong end = start + count;
            ulong lastTaken = FrameBitmap.FindLastSet(pab, start, end);
            if (lastTaken == end)
            {
                return start;
            }

            position = lastTaken + 1 < frameCount ? context->Summary.FindNextFree(lastTaken + 1) : BitmapSummary.NoFrame;
        }

        return BitmapSummary.NoFrame;
    }

    /// <summary>The operations table's AllocateAt: exactly the frames named, as one allocation.</summary>
    public static PmmStatus AllocateAt(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        PmmStatus status = context->Table.CheckAllocationAt(address, count, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Table.RecordAllocation(first, count, owner);
        context->Summary.PabRangeChanged(first, first + count);
        AllocationMayHaveFilledFirstFreeWord(context);
        return PmmStatus.Success;
    }

    /// <summary>
    /// The operations table's Deallocate. A valid free of a single-frame allocation takes the shared fast path
    /// (<see cref="FrameTable.TryFreeSingleFrame"/>); everything else, every error included, goes through
    /// <see cref="DeallocateGeneral"/>, which decides the status with <see cref="FrameTable.CheckFree"/>.
    /// </summary>
    public static PmmStatus Deallocate(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        if (context->Table.TryFreeSingleFrame(address, count, owner, out ulong frame, out ulong oldPabWord))
        {
            ulong word = frame >> 6;
            if (word < context->FirstFreeWord)
            {
                context->FirstFreeWord = word;
            }

            // A tail call, so the fast path itself needs no stack frame.
            return oldPabWord == ulong.MaxValue ? WordNoLongerFull(context, word) : PmmStatus.Success;
        }

        return DeallocateGeneral(context, address, count, owner);
    }

    // A full PAB word got a free frame: update the summary. Returns Success (the free's status).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus WordNoLongerFull(BitmapContext* context, ulong word)
    {
        context->Summary.PabWordChanged(word);
        return PmmStatus.Success;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateGeneral(BitmapContext* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        PmmStatus status = context->Table.CheckFree(address, count, owner, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Table.RecordFree(first, count);
        context->Summary.PabRangeChanged(first, first + count);
        if (first >> 6 < context->FirstFreeWord)
        {
            context->FirstFreeWord = first >> 6;
        }

        return PmmStatus.Success;
    }
}
