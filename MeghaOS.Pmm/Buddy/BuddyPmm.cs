// The buddy PMM: free blocks of 2^order frames on one list per order, split on allocation and merged with their
// buddies on free, so power-of-two, size-aligned runs cost a few list operations whatever the fragmentation.
// Requests the lists cannot serve (a run that exists but is not buddy-aligned, or larger than the largest order)
// fall back to the shared run search (FrameTable.FindRun: the free-group index for 64-aligned runs of 64 frames or
// more, else a PAB scan), so every implementation fails with OutOfMemory in exactly the same cases.
namespace MeghaOS.Memory;

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>
/// The buddy physical memory manager ("buddy"). Metadata: the four shared bitmaps (4 bits per frame) plus two
/// 32-bit links and an order byte per frame (72 bits), 76 bits per frame in all. Manages up to
/// <see cref="MaxFrames"/> frames.
/// </summary>
public static unsafe class BuddyPmm
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "buddy";

    /// <summary>
    /// The most frames one instance manages: 2^28 frames, 1 TiB. Frame numbers fit the 32-bit links with room to
    /// spare (the link value <see cref="BuddyFreeLists.NoFrame"/> is 2^32 - 1).
    /// </summary>
    public const ulong MaxFrames = 1UL << 28;

    /// <summary>The descriptor <see cref="PmmCatalog"/> lists.</summary>
    public static PmmImplementation Implementation => new PmmImplementation
    {
        Name = Name,
        MaxFrames = MaxFrames,
        ContextBytes = (ulong)sizeof(BuddyContext),
        IndexBytes = &IndexBytes,
        BuildIndex = &BuildIndex,
        Allocate = &Allocate,
        AllocateAt = &AllocateAt,
        Deallocate = &Deallocate,
        CheckIndex = &BuddyPmmChecker.CheckIndex,
        File = new SubsystemFile("buddyinfo", &RenderBuddyInfo),
    };

    // The list heads, then per frame two 32-bit links and an order byte (72 bits).
    private static ulong IndexBytes(ulong frameCount) =>
        PmmMetadata.Round(BuddyFreeLists.HeadBytes) + 2 * PmmMetadata.Round(frameCount * 4) + PmmMetadata.Round(frameCount);

    private static void BuildIndex(void* contextPointer, ref PmmMetadata cursor)
    {
        BuddyContext* context = (BuddyContext*)contextPointer;
        ulong frameCount = context->Table.FrameCount;
        uint* heads = (uint*)cursor.Take(BuddyFreeLists.HeadBytes);
        uint* next = (uint*)cursor.Take(frameCount * 4);
        uint* previous = (uint*)cursor.Take(frameCount * 4);
        byte* freeOrder = (byte*)cursor.Take(frameCount);
        context->Lists.Attach(frameCount, next, previous, freeOrder, heads);
        context->Lists.BuildFrom(context->Table.Pab);
    }

    /// <summary>
    /// /sys/pmm/buddyinfo, like Linux's /proc/buddyinfo: the length of each free list, orders 0 to
    /// <see cref="BuddyFreeLists.MaxOrder"/> (order k = blocks of 2^k frames), on one line separated by spaces,
    /// counted on the active instance's real lists. Empty when the buddy is not the active PMM.
    /// </summary>
    public static int RenderBuddyInfo(Span<byte> buffer)
    {
        PmmOperations active = Pmm.Operations;
        if (!Implementation.Owns(active))
        {
            return 0;
        }

        BuddyContext* context = (BuddyContext*)active.Context;
        TextBuilder text = new TextBuilder(buffer);
        for (int order = 0; order <= BuddyFreeLists.MaxOrder; order++)
        {
            if (order > 0)
            {
                text.AppendByte((byte)' ');
            }

            text.AppendDecimal(context->Lists.CountBlocks(order));
        }

        text.AppendByte((byte)'\n');
        return text.Length;
    }

    /// <summary>
    /// The operations table's Allocate. One frame (count and alignment 1) pops the order-0 list
    /// (<see cref="BuddyFreeLists.TakeFrame"/>); anything else goes through <see cref="AllocateGeneral"/>.
    /// </summary>
    public static PmmStatus Allocate(void* contextPointer, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        BuddyContext* context = (BuddyContext*)contextPointer;
        if (((count ^ 1) | (alignment ^ 1)) == 0)
        {
            // Valid arguments: the only possible failure is OutOfMemory, which the general path reports.
            uint frame = context->Lists.TakeFrame();
            if (frame != BuddyFreeLists.NoFrame)
            {
                context->Table.RecordAllocation(frame, 1, owner);
                address = PhysicalAddress.FromFrame(frame);
                return PmmStatus.Success;
            }
        }

        return AllocateGeneral(context, count, alignment, owner, out address);
    }

    // Every allocation the fast path does not take: the shared checks, then the lists, then a PAB scan.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus AllocateGeneral(BuddyContext* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        address = PhysicalAddress.Null;
        PmmStatus status = context->Table.CheckAllocation(count, alignment);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        // The block order: large enough for the count and for the alignment (a block is aligned to its size).
        int order = count == 1 ? 0 : 64 - BitOperations.LeadingZeroCount(count - 1);
        int alignmentOrder = BitOperations.TrailingZeroCount(alignment);
        if (alignmentOrder > order)
        {
            order = alignmentOrder;
        }

        ulong first = BuddyFreeLists.NoFrame;
        if (order <= BuddyFreeLists.MaxOrder)
        {
            uint block = context->Lists.TakeBlock(order);
            if (block != BuddyFreeLists.NoFrame)
            {
                first = block;
                ulong blockEnd = first + (1UL << order);
                if (first + count < blockEnd)
                {
                    // Give back the tail the count does not use (and the alignment only needed for the start).
                    context->Lists.AddRange(first + count, blockEnd);
                }
            }
        }

        if (first == BuddyFreeLists.NoFrame)
        {
            // No suitable block on the lists: a run that is not buddy-aligned may still exist (the shared search,
            // bounded for runs of 64 frames or more aligned to 64 or more).
            first = context->Table.FindRun(count, alignment);
            if (first == FrameTable.NoFrame)
            {
                return PmmStatus.OutOfMemory;
            }

            context->Lists.RemoveRange(first, first + count);
        }

        context->Table.RecordAllocation(first, count, owner);
        address = PhysicalAddress.FromFrame(first);
        return PmmStatus.Success;
    }

    /// <summary>
    /// The operations table's AllocateAt: takes exactly the frames named out of the free blocks that hold them
    /// (splitting those blocks, the rest staying free) and records them as one allocation.
    /// </summary>
    public static PmmStatus AllocateAt(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        BuddyContext* context = (BuddyContext*)contextPointer;
        PmmStatus status = context->Table.CheckAllocationAt(address, count, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Lists.RemoveRange(first, first + count);
        context->Table.RecordAllocation(first, count, owner);
        return PmmStatus.Success;
    }

    /// <summary>
    /// The operations table's Deallocate. A valid free of a single-frame allocation takes the shared fast path
    /// (<see cref="FrameTable.TryFreeSingleFrame"/>); everything else, every error included, goes through
    /// <see cref="DeallocateGeneral"/>, which decides the status with <see cref="FrameTable.CheckFree"/>.
    /// </summary>
    public static PmmStatus Deallocate(void* contextPointer, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        BuddyContext* context = (BuddyContext*)contextPointer;
        if (context->Table.TryFreeSingleFrame(address, count, owner, out ulong frame, out _))
        {
            context->Lists.InsertFrame(frame);
            return PmmStatus.Success;
        }

        return DeallocateGeneral(context, address, count, owner);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PmmStatus DeallocateGeneral(BuddyContext* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        PmmStatus status = context->Table.CheckFree(address, count, owner, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        context->Table.RecordFree(first, count);
        if (count == 1)
        {
            context->Lists.Insert(first, 0);
        }
        else
        {
            context->Lists.AddRange(first, first + count);
        }

        return PmmStatus.Success;
    }
}
