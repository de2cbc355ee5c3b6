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

    /// <summary>The most frames one instance manages: 2^26 frames, 256 GiB.</summary>
    public const ulong MaxFrames = 1UL << 26;

    /// <summary>Bytes of metadata an instance managing <paramref name="frameCount"/> frames needs (0 beyond <see cref="MaxFrames"/>).</summary>
    public static ulong MetadataBytes(ulong frameCount)
    {
        if (frameCount == 0 || frameCount > MaxFrames)
        {
            return 0;
        }

        return PmmMetadata.StartSlack
            + PmmMetadata.Round((ulong)sizeof(BitmapContext))
            + PmmMetadata.Round(BitmapSummary.PointerBytes)
            + PmmMetadata.Round(FrameTable.BitmapBytes(frameCount))
            + PmmMetadata.Round(BitmapSummary.WordsFor(FrameBitmap.WordCount(frameCount)) * 8);
    }

    /// <summary>
    /// Creates an instance in <paramref name="metadata"/> from a memory map, with the ranges in
    /// <paramref name="reserved"/> (kernel image, modules, the metadata's own physical range) reserved. See
    /// <see cref="MemoryMap.Initialize"/> for the rules.
    /// </summary>
    public static PmmStatus Create(void* metadata, ulong metadataBytes, ReadOnlySpan<MemoryRegion> regions,
        ReadOnlySpan<PhysicalRange> reserved, out PmmOperations operations)
    {
        operations = default;
        ulong frameCount = MemoryMap.FrameCountOf(regions);
        PmmStatus status = PmmMetadata.CheckSize(frameCount, MaxFrames, metadata, metadataBytes, &MetadataBytes);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        BitmapContext* context = Layout(metadata, frameCount);
        MemoryMap.Initialize(ref context->Table, regions, reserved);
        if (context->Table.FreeFrames == 0)
        {
            return PmmStatus.NoUsableMemory;
        }

        context->Summary.Build(context->Table.Pab, context->Table.WordCount, context->SummaryPointers, context->SummaryWords);
        FindFirstFreeWord(context);
        operations = OperationsFor(context);
        return PmmStatus.Success;
    }

    /// <summary>
    /// Creates an instance in <paramref name="metadata"/> holding exactly the state in <paramref name="current"/>
    /// (normally <see cref="Pmm.State"/>), so <see cref="Pmm.SetOperations"/> then accepts it.
    /// </summary>
    public static PmmStatus TakeOver(void* metadata, ulong metadataBytes, in FrameStateView current, out PmmOperations operations)
    {
        operations = default;
        PmmStatus status = PmmMetadata.CheckSize(current.FrameCount, MaxFrames, metadata, metadataBytes, &MetadataBytes);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        BitmapContext* context = Layout(metadata, current.FrameCount);
        context->Table.CopyFrom(current);
        context->Summary.Build(context->Table.Pab, context->Table.WordCount, context->SummaryPointers, context->SummaryWords);
        FindFirstFreeWord(context);
        operations = OperationsFor(context);
        return PmmStatus.Success;
    }

    private static BitmapContext* Layout(void* metadata, ulong frameCount)
    {
        PmmMetadata cursor = new PmmMetadata(metadata);
        BitmapContext* context = (BitmapContext*)cursor.Take((ulong)sizeof(BitmapContext));
        *context = default;
        context->SummaryPointers = (ulong**)cursor.Take(BitmapSummary.PointerBytes);
        context->Table.Attach(frameCount, (ulong*)cursor.Take(FrameTable.BitmapBytes(frameCount)));
        context->SummaryWords = (ulong*)cursor.Take(BitmapSummary.WordsFor(context->Table.WordCount) * 8);
        return context;
    }

    private static PmmOperations OperationsFor(BitmapContext* context)
    {
        PmmOperations operations = default;
        operations.Name = Name;
        operations.Context = context;
        operations.Allocate = &Allocate;
        operations.AllocateAt = &AllocateAt;
        operations.Deallocate = &Deallocate;
        operations.GetCounts = &GetCounts;
        operations.GetState = &GetState;
        return operations;
    }

    /// <summary>
    /// The operations table's Allocate: first fit, lowest address. One frame (count and alignment 1) takes the lowest
    /// free frame of <see cref="BitmapContext.FirstFreeWord"/> directly; anything else goes through
    /// <see cref="AllocateGeneral"/>.
    /// </summary>
    public static PmmStatus Allocate(void* contextPointer, ulong count, ulong alignment, out PhysicalAddress address)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        ulong word = context->FirstFreeWord;
        if (((count ^ 1) | (alignment ^ 1)) == 0 && word < context->Table.WordCount)
        {
            // Valid arguments and a free frame exists (FirstFreeWord < WordCount), so CheckAllocation would pass.
            ulong pab = context->Table.Pab[word];
            ulong bit = ~pab & (pab + 1); // the word's lowest free frame
            address = new PhysicalAddress(((word << 6) + (ulong)BitOperations.TrailingZeroCount(bit)) << PhysicalAddress.FrameShift);
            if (context->Table.RecordFrameAllocation(word, bit, pab) == ulong.MaxValue)
            {
                // A tail call, so the fast path itself needs no stack frame.
                return WordFilled(context, word);
            }

            return PmmStatus.Success;
        }

        return AllocateGeneral(context, count, alignment, out address);
    }

    // Every allocation the fast path does not take: the shared checks, then the summary search.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus AllocateGeneral(BitmapContext* context, ulong count, ulong alignment, out PhysicalAddress address)
    {
        address = PhysicalAddress.Null;
        PmmStatus status = context->Table.CheckAllocation(count, alignment);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        ulong first = FindRun(context, count, alignment);
        if (first == BitmapSummary.NoFrame)
        {
            return PmmStatus.OutOfMemory;
        }

        context->Table.RecordAllocation(first, count);
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

    // The lowest start that is a multiple of alignment and begins count free frames, or NoFrame.
    private static ulong FindRun(BitmapContext* context, ulong count, ulong alignment)
    {
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
    public static PmmStatus AllocateAt(void* contextPointer, PhysicalAddress address, ulong count)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        PmmStatus status = context->Table.CheckAllocationAt(address, count, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Table.RecordAllocation(first, count);
        context->Summary.PabRangeChanged(first, first + count);
        AllocationMayHaveFilledFirstFreeWord(context);
        return PmmStatus.Success;
    }

    /// <summary>
    /// The operations table's Deallocate. A valid free of a single-frame allocation takes the shared fast path
    /// (<see cref="FrameTable.TryFreeSingleFrame"/>); everything else, every error included, goes through
    /// <see cref="DeallocateGeneral"/>, which decides the status with <see cref="FrameTable.CheckFree"/>.
    /// </summary>
    public static PmmStatus Deallocate(void* contextPointer, PhysicalAddress address, ulong count)
    {
        BitmapContext* context = (BitmapContext*)contextPointer;
        if (context->Table.TryFreeSingleFrame(address, count, out ulong frame, out ulong oldPabWord))
        {
            ulong word = frame >> 6;
            if (word < context->FirstFreeWord)
            {
                context->FirstFreeWord = word;
            }

            // A tail call, so the fast path itself needs no stack frame.
            return oldPabWord == ulong.MaxValue ? WordNoLongerFull(context, word) : PmmStatus.Success;
        }

        return DeallocateGeneral(context, address, count);
    }

    // A full PAB word got a free frame: update the summary. Returns Success (the free's status).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus WordNoLongerFull(BitmapContext* context, ulong word)
    {
        context->Summary.PabWordChanged(word);
        return PmmStatus.Success;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateGeneral(BitmapContext* context, PhysicalAddress address, ulong count)
    {
        PmmStatus status = context->Table.CheckFree(address, count, out ulong first);
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

    private static PmmCounts GetCounts(void* contextPointer) => ((BitmapContext*)contextPointer)->Table.Counts;

    private static FrameStateView GetState(void* contextPointer) => ((BitmapContext*)contextPointer)->Table.View;

    /// <summary>Checks that the summary and counts agree with the bitmaps. For tests; walks all the metadata.</summary>
    public static PmmConsistency CheckConsistency(in PmmOperations operations)
    {
        if (!TextCompare.AreEqual(operations.Name, Name) || operations.Context == null)
        {
            return PmmConsistency.WrongImplementation;
        }

        return BitmapPmmChecker.Check((BitmapContext*)operations.Context);
    }
}
