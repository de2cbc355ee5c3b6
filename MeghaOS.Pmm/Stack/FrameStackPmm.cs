// The free-frame stack PMM: the allocator most students write first (xv6's kalloc keeps its free pages on a linked
// list and pops one per call). Every free frame's number sits on a stack: one frame is a pop, a free is a push, both
// O(1) whatever the fragmentation, and the frame freed last is the one handed out next (it is likely still in the
// cache). What a stack cannot do is find contiguous runs: a run is found by the shared search (FrameTable.FindRun: the
// free-group index for 64-aligned runs, else a scan of the PAB), then its frames are
// taken off the stack one by one, which a slot index (where each free frame sits on the stack) makes O(1) per frame.
namespace MeghaOS.Memory;

using System;
using System.Runtime.CompilerServices;

/// <summary>
/// The free-frame stack physical memory manager ("stack"). Metadata: the four shared bitmaps (4 bits per frame)
/// plus the stack and the slot index (32 bits each per frame), 68 bits per frame in all. Manages up to
/// <see cref="MaxFrames"/> frames.
/// </summary>
public static unsafe class FrameStackPmm
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "stack";

    /// <summary>The most frames one instance manages: 2^28 frames, 1 TiB (frame numbers and slots fit 32 bits).</summary>
    public const ulong MaxFrames = 1UL << 28;

    /// <summary>The descriptor <see cref="PmmCatalog"/> lists.</summary>
    public static PmmImplementation Implementation => new PmmImplementation
    {
        Name = Name,
        MaxFrames = MaxFrames,
        ContextBytes = (ulong)sizeof(FrameStackContext),
        IndexBytes = &IndexBytes,
        BuildIndex = &BuildIndex,
        Allocate = &Allocate,
        AllocateAt = &AllocateAt,
        Deallocate = &Deallocate,
        CheckIndex = &FrameStackPmmChecker.CheckIndex,
    };

    private static ulong IndexBytes(ulong frameCount) => 2 * PmmMetadata.Round(frameCount * 4);

    // Pushes the free frames highest first, so the lowest free frame is on top and the first allocations after boot
    // come from low memory, as with the other implementations.
    private static void BuildIndex(void* contextPointer, ref PmmMetadata cursor)
    {
        FrameStackContext* context = (FrameStackContext*)contextPointer;
        ulong frameCount = context->Table.FrameCount;
        context->Stack = (uint*)cursor.Take(frameCount * 4);
        context->Slot = (uint*)cursor.Take(frameCount * 4);
        context->Depth = 0;
        for (ulong frame = frameCount; frame-- > 0;)
        {
            if (!FrameBitmap.Test(context->Table.Pab, frame))
            {
                Push(context, frame);
            }
        }
    }

    /// <summary>
    /// The operations table's Allocate. One frame (count and alignment 1) is the top of the stack; anything else
    /// goes through <see cref="AllocateGeneral"/>, which scans the PAB.
    /// </summary>
    public static PmmStatus Allocate(void* contextPointer, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        FrameStackContext* context = (FrameStackContext*)contextPointer;
        ulong depth = context->Depth;
        if (((count ^ 1) | (alignment ^ 1)) == 0 && depth != 0)
        {
            // Valid arguments and a free frame exists, so CheckAllocation would pass.
            ulong frame = context->Stack[depth - 1];
            context->Depth = depth - 1;
            ulong word = frame >> 6;
            context->Table.RecordFrameAllocation(word, 1UL << (int)(frame & 63), context->Table.Pab[word], frame, owner);
            address = new PhysicalAddress(frame << PhysicalAddress.FrameShift);
            return PmmStatus.Success;
        }

        return AllocateGeneral(context, count, alignment, owner, out address);
    }

    // Every allocation the fast path does not take: the shared checks, then the lowest fitting run (FrameTable.FindRun).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus AllocateGeneral(FrameStackContext* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        address = PhysicalAddress.Null;
        PmmStatus status = context->Table.CheckAllocation(count, alignment);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        ulong first = context->Table.FindRun(count, alignment);
        if (first == FrameTable.NoFrame)
        {
            return PmmStatus.OutOfMemory;
        }

        TakeRun(context, first, count, owner);
        address = PhysicalAddress.FromFrame(first);
        return PmmStatus.Success;
    }

    /// <summary>The operations table's AllocateAt: exactly the frames named, taken off the stack, as one allocation.</summary>
    public static PmmStatus AllocateAt(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        FrameStackContext* context = (FrameStackContext*)contextPointer;
        PmmStatus status = context->Table.CheckAllocationAt(address, count, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        TakeRun(context, first, count, owner);
        return PmmStatus.Success;
    }

    /// <summary>
    /// The operations table's Deallocate. A valid free of a single-frame allocation takes the shared fast path
    /// (<see cref="FrameTable.TryFreeSingleFrame"/>) and pushes the frame; everything else, every error included,
    /// goes through <see cref="FrameTable.CheckFree"/>, which decides the status.
    /// </summary>
    public static PmmStatus Deallocate(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        FrameStackContext* context = (FrameStackContext*)contextPointer;
        if (context->Table.TryFreeSingleFrame(address, count, owner, out ulong frame, out _))
        {
            Push(context, frame);
            return PmmStatus.Success;
        }

        return DeallocateGeneral(context, address, count, owner);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateGeneral(FrameStackContext* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        PmmStatus status = context->Table.CheckFree(address, count, owner, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Table.RecordFree(first, count);
        for (ulong frame = first + count; frame-- > first;)
        {
            Push(context, frame);
        }

        return PmmStatus.Success;
    }

    // The free frames [first, first + count) become one allocation: each leaves the stack, the hole it leaves filled
    // by the frame on top.
    private static void TakeRun(FrameStackContext* context, ulong first, ulong count, FrameOwner owner)
    {
        for (ulong frame = first; frame < first + count; frame++)
        {
            ulong slot = context->Slot[frame];
            ulong top = context->Stack[--context->Depth];
            context->Stack[slot] = (uint)top;
            context->Slot[top] = (uint)slot;
        }

        context->Table.RecordAllocation(first, count, owner);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Push(FrameStackContext* context, ulong frame)
    {
        ulong depth = context->Depth;
        context->Stack[depth] = (uint)frame;
        context->Slot[frame] = (uint)depth;
        context->Depth = depth + 1;
    }
}
