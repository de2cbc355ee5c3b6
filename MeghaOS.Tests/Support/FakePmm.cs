// A small, obviously-correct PMM for host tests of the files and the shell: first-fit over the four shared bitmaps,
// all of its state in the caller's metadata, with a TakeOver like the real implementations. Two names ("first",
// "second") let tests switch between two instances through /sys/pmm/implementation.
namespace MeghaOS.Tests.Support;

using System;
using MeghaOS.Memory;

/// <summary>Test PMM whose whole state is the shared bitmaps.</summary>
public static unsafe class FakePmm
{
    private struct State
    {
        public ulong FrameCount;
        public int NameId;
        public ulong* Pab;
        public ulong* Reserved;
        public ulong* Starts;
        public ulong* Ever;
    }

    /// <summary>Metadata bytes for <paramref name="frameCount"/> frames.</summary>
    public static ulong MetadataBytes(ulong frameCount) => (ulong)sizeof(State) + 4 * ((frameCount + 63) / 64) * 8;

    /// <summary>Builds an instance named "first" (nameId 0) or "second" (1) with the given frames reserved.</summary>
    public static PmmStatus Create(void* metadata, ulong metadataBytes, ulong frameCount, ReadOnlySpan<ulong> reservedFrames, int nameId, out PmmOperations operations)
    {
        operations = default;
        if (metadataBytes < MetadataBytes(frameCount))
        {
            return PmmStatus.MetadataTooSmall;
        }

        State* state = Layout(metadata, frameCount, nameId);
        ulong words = (frameCount + 63) / 64;
        for (ulong i = 0; i < words; i++)
        {
            state->Pab[i] = state->Reserved[i] = state->Starts[i] = state->Ever[i] = 0;
        }

        for (ulong frame = frameCount; frame < words * 64; frame++)
        {
            Set(state->Pab, frame);
            Set(state->Reserved, frame);
        }

        foreach (ulong frame in reservedFrames)
        {
            Set(state->Pab, frame);
            Set(state->Reserved, frame);
        }

        operations = OperationsFor(state);
        return PmmStatus.Success;
    }

    /// <summary>TakeOver for the "first" name.</summary>
    public static PmmStatus TakeOverFirst(void* metadata, ulong metadataBytes, in FrameStateView current, out PmmOperations operations) =>
        TakeOver(metadata, metadataBytes, current, 0, out operations);

    /// <summary>TakeOver for the "second" name.</summary>
    public static PmmStatus TakeOverSecond(void* metadata, ulong metadataBytes, in FrameStateView current, out PmmOperations operations) =>
        TakeOver(metadata, metadataBytes, current, 1, out operations);

    /// <summary>A TakeOver that always fails, to test refused switches.</summary>
    public static PmmStatus TakeOverFailing(void* metadata, ulong metadataBytes, in FrameStateView current, out PmmOperations operations)
    {
        operations = default;
        return PmmStatus.MetadataTooSmall;
    }

    private static PmmStatus TakeOver(void* metadata, ulong metadataBytes, in FrameStateView current, int nameId, out PmmOperations operations)
    {
        operations = default;
        if (metadataBytes < MetadataBytes(current.FrameCount))
        {
            return PmmStatus.MetadataTooSmall;
        }

        State* state = Layout(metadata, current.FrameCount, nameId);
        for (ulong i = 0; i < current.WordCount; i++)
        {
            state->Pab[i] = current.Pab[i];
            state->Reserved[i] = current.Reserved[i];
            state->Starts[i] = current.AllocationStarts[i];
            state->Ever[i] = current.EverAllocated[i];
        }

        operations = OperationsFor(state);
        return PmmStatus.Success;
    }

    private static State* Layout(void* metadata, ulong frameCount, int nameId)
    {
        State* state = (State*)metadata;
        ulong words = (frameCount + 63) / 64;
        ulong* bitmaps = (ulong*)(state + 1);
        state->FrameCount = frameCount;
        state->NameId = nameId;
        state->Pab = bitmaps;
        state->Reserved = bitmaps + words;
        state->Starts = bitmaps + 2 * words;
        state->Ever = bitmaps + 3 * words;
        return state;
    }

    private static PmmOperations OperationsFor(State* state)
    {
        PmmOperations operations = default;
        operations.Name = state->NameId == 0 ? "first" : "second";
        operations.Context = state;
        operations.Allocate = &Allocate;
        operations.AllocateAt = &AllocateAt;
        operations.Deallocate = &Deallocate;
        operations.GetCounts = &GetCounts;
        operations.GetState = &GetState;
        return operations;
    }

    private static bool Test(ulong* bits, ulong frame) => (bits[frame >> 6] & (1UL << (int)(frame & 63))) != 0;

    private static void Set(ulong* bits, ulong frame) => bits[frame >> 6] |= 1UL << (int)(frame & 63);

    private static void Clear(ulong* bits, ulong frame) => bits[frame >> 6] &= ~(1UL << (int)(frame & 63));

    private static PmmStatus Allocate(void* context, ulong count, ulong alignment, out PhysicalAddress address)
    {
        address = PhysicalAddress.Null;
        State* state = (State*)context;
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            return PmmStatus.InvalidAlignment;
        }

        for (ulong first = 0; first + count <= state->FrameCount; first += alignment)
        {
            ulong i = 0;
            while (i < count && !Test(state->Pab, first + i))
            {
                i++;
            }

            if (i < count)
            {
                continue;
            }

            for (i = 0; i < count; i++)
            {
                Set(state->Pab, first + i);
                Set(state->Ever, first + i);
            }

            Set(state->Starts, first);
            address = PhysicalAddress.FromFrame(first);
            return PmmStatus.Success;
        }

        return PmmStatus.OutOfMemory;
    }

    private static PmmStatus AllocateAt(void* context, PhysicalAddress address, ulong count)
    {
        State* state = (State*)context;
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (!address.IsFrameAligned)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong first = address.FrameNumber;
        if (first >= state->FrameCount || count > state->FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (Test(state->Reserved, first + i))
            {
                return PmmStatus.FrameReserved;
            }
        }

        for (ulong i = 0; i < count; i++)
        {
            if (Test(state->Pab, first + i))
            {
                return PmmStatus.AlreadyAllocated;
            }
        }

        for (ulong i = 0; i < count; i++)
        {
            Set(state->Pab, first + i);
            Set(state->Ever, first + i);
        }

        Set(state->Starts, first);
        return PmmStatus.Success;
    }

    private static PmmStatus Deallocate(void* context, PhysicalAddress address, ulong count)
    {
        State* state = (State*)context;
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (!address.IsFrameAligned)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong first = address.FrameNumber;
        if (first >= state->FrameCount || count > state->FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        if (Test(state->Reserved, first))
        {
            return PmmStatus.FrameReserved;
        }

        if (!Test(state->Pab, first))
        {
            return Test(state->Ever, first) ? PmmStatus.DoubleFree : PmmStatus.NotAllocated;
        }

        if (!Test(state->Starts, first))
        {
            return PmmStatus.NotAllocationStart;
        }

        ulong length = 1;
        while (first + length < state->FrameCount && Test(state->Pab, first + length) &&
            !Test(state->Reserved, first + length) && !Test(state->Starts, first + length))
        {
            length++;
        }

        if (length != count)
        {
            return PmmStatus.CountMismatch;
        }

        for (ulong i = 0; i < count; i++)
        {
            Clear(state->Pab, first + i);
        }

        Clear(state->Starts, first);
        return PmmStatus.Success;
    }

    private static PmmCounts GetCounts(void* context)
    {
        State* state = (State*)context;
        ulong free = 0;
        ulong reserved = 0;
        for (ulong frame = 0; frame < state->FrameCount; frame++)
        {
            if (Test(state->Reserved, frame))
            {
                reserved++;
            }
            else if (!Test(state->Pab, frame))
            {
                free++;
            }
        }

        return new PmmCounts(state->FrameCount, free, reserved);
    }

    private static FrameStateView GetState(void* context)
    {
        State* state = (State*)context;
        return new FrameStateView(state->FrameCount, state->Pab, state->Reserved, state->Starts, state->Ever);
    }
}
