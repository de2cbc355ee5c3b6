// The error half of the PMM contract, run once per implementation: every bad request returns its own status code
// and changes nothing (all four bitmaps, tail bits included, and the counts are compared before and after).
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class ErrorContractTests
{
    // Frames 0..255; frames 40..47 reserved by name. After setup: a 4-frame allocation at A, a single frame at B,
    // a frame that was allocated and freed (Freed), and frames never allocated.
    private sealed class Scene : IDisposable
    {
        public readonly PmmInstance Pmm;
        public readonly ulong A;
        public readonly ulong B;
        public readonly ulong Freed;

        public Scene(string name)
        {
            Pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(256), Frames(40, 8));
            A = Pmm.AllocateFrames(4);
            B = Pmm.AllocateFrames(1);
            Freed = Pmm.AllocateFrames(1);
            Assert.Equal(PmmStatus.Success, Pmm.DeallocateFrames(Freed, 1));
        }

        public ulong NeverAllocated => 200;

        public void Dispose() => Pmm.Dispose();
    }

    private static PmmStatus Unchanged(Scene scene, Func<PmmInstance, PmmStatus> request)
    {
        PmmSnapshot before = scene.Pmm.Snapshot();
        PmmStatus status = request(scene.Pmm);
        Assert.Equal(before, scene.Pmm.Snapshot());
        scene.Pmm.AssertConsistent();
        return status;
    }

    private static PmmStatus UnchangedAllocation(Scene scene, ulong count, ulong alignment)
    {
        PhysicalAddress address = PhysicalAddress.FromFrame(99);
        PmmStatus status = Unchanged(scene, pmm => pmm.Allocate(count, alignment, out address));
        Assert.True(address.IsNull);
        return status;
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingZeroFramesIsZeroCount(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.ZeroCount, UnchangedAllocation(scene, 0, 1));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AlignmentThatIsNotAPowerOfTwoIsInvalid(string name)
    {
        using Scene scene = new(name);
        foreach (ulong alignment in new ulong[] { 0, 3, 6, 12, ulong.MaxValue })
        {
            Assert.Equal(PmmStatus.InvalidAlignment, UnchangedAllocation(scene, 1, alignment));
        }
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void RequestsThatCannotFitAreOutOfMemory(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, 256, 1));
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, ulong.MaxValue, 1));
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, 1, 256));
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, 1, 1UL << 63));
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, 129, 128)); // 128..256 is one frame short
        Assert.Equal(PmmStatus.OutOfMemory, UnchangedAllocation(scene, 209, 1));   // enough free frames, but the reserved ones split them
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingZeroFramesIsZeroCount(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.ZeroCount, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 0)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingAnAddressInsideAFrameIsMisaligned(string name)
    {
        using Scene scene = new(name);
        PhysicalAddress inside = new(PhysicalAddress.FromFrame(scene.A).Value + 8);
        Assert.Equal(PmmStatus.MisalignedAddress, Unchanged(scene, pmm => pmm.Deallocate(inside, 4)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingBeyondTheLastFrameIsOutOfRange(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.DeallocateFrames(256, 1)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.DeallocateFrames(255, 2)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, ulong.MaxValue)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.Deallocate(new PhysicalAddress(ulong.MaxValue & ~4095UL), 1)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingAReservedFrameIsFrameReserved(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.DeallocateFrames(0, 1)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.DeallocateFrames(40, 8)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.DeallocateFrames(47, 1)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingTwiceIsDoubleFree(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.DoubleFree, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.Freed, 1)));
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(scene.A, 4));
        Assert.Equal(PmmStatus.DoubleFree, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 4)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingAFrameNeverAllocatedIsNotAllocated(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.NotAllocated, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.NeverAllocated, 1)));
        Assert.Equal(PmmStatus.NotAllocated, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.NeverAllocated, 3)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingFromTheMiddleOfAnAllocationIsNotAllocationStart(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.NotAllocationStart, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A + 1, 3)));
        Assert.Equal(PmmStatus.NotAllocationStart, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A + 3, 1)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingWithAnotherCountIsCountMismatch(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.CountMismatch, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 3)));
        Assert.Equal(PmmStatus.CountMismatch, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 1)));
        Assert.Equal(PmmStatus.CountMismatch, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 5)));  // one too many
        Assert.Equal(PmmStatus.CountMismatch, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.B, 2)));  // one too many
        Assert.Equal(PmmStatus.CountMismatch, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 40))); // over free and reserved frames
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(scene.A, 4));
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(scene.B, 1));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingAnotherOwnersAllocationIsWrongOwner(string name)
    {
        using Scene scene = new(name);
        ulong shell = scene.Pmm.AllocateFrames(1, owner: FrameOwner.Shell);
        ulong heap = scene.Pmm.AllocateFrames(16, owner: FrameOwner.KernelHeap);
        Assert.Equal(PmmStatus.WrongOwner, Unchanged(scene, pmm => pmm.DeallocateFrames(heap, 16, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.WrongOwner, Unchanged(scene, pmm => pmm.DeallocateFrames(shell, 1, FrameOwner.KernelHeap))); // the single-frame path
        Assert.Equal(PmmStatus.WrongOwner, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 4, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(heap, 16, FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(shell, 1, FrameOwner.Shell));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void TheOwnerIsCheckedAfterTheStartAndBeforeTheCount(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.NotAllocationStart, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A + 1, 3, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.WrongOwner, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 3, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.DoubleFree, Unchanged(scene, pmm => pmm.DeallocateFrames(scene.Freed, 1, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.DeallocateFrames(40, 1, FrameOwner.Shell)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void SplittingChecksAddressRangeReservedFreeAndOwner(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.MisalignedAddress, Unchanged(scene, pmm => pmm.Split(new PhysicalAddress(PhysicalAddress.FromFrame(scene.A).Value + 1))));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.SplitAt(256)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.SplitAt(40)));
        Assert.Equal(PmmStatus.DoubleFree, Unchanged(scene, pmm => pmm.SplitAt(scene.Freed)));
        Assert.Equal(PmmStatus.NotAllocated, Unchanged(scene, pmm => pmm.SplitAt(scene.NeverAllocated)));
        Assert.Equal(PmmStatus.WrongOwner, Unchanged(scene, pmm => pmm.SplitAt(scene.A + 2, FrameOwner.Shell)));
        Assert.Equal(PmmStatus.Success, Unchanged(scene, pmm => pmm.SplitAt(scene.A))); // at the start: nothing to split
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingZeroFramesAtAnAddressIsZeroCount(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.ZeroCount, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.NeverAllocated, 0)));
        Assert.Equal(PmmStatus.ZeroCount, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.A, 0)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingAtAnAddressInsideAFrameIsMisaligned(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.MisalignedAddress, Unchanged(scene, pmm => pmm.AllocateAt(new PhysicalAddress(PhysicalAddress.FromFrame(scene.NeverAllocated).Value + 1), 1)));
        Assert.Equal(PmmStatus.MisalignedAddress, Unchanged(scene, pmm => pmm.AllocateAt(new PhysicalAddress(PhysicalAddress.FromFrame(scene.NeverAllocated).Value + 4095), 2)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingAtAnAddressBeyondTheLastFrameIsOutOfRange(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.AllocateFramesAt(256, 1)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.AllocateFramesAt(255, 2)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.NeverAllocated, ulong.MaxValue)));
        Assert.Equal(PmmStatus.AddressOutOfRange, Unchanged(scene, pmm => pmm.AllocateAt(new PhysicalAddress(ulong.MaxValue & ~4095UL), 1)));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingAtReservedFramesIsFrameReserved(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(0, 1)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(40, 8)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(47, 1)));
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(30, 11)));  // free frames, then the first reserved one
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(47, 20)));  // the last reserved one, then free frames
        Assert.Equal(PmmStatus.FrameReserved, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.A, 48))); // allocated and reserved: reserved decides
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatingAtAllocatedFramesIsAlreadyAllocated(string name)
    {
        using Scene scene = new(name);
        Assert.Equal(PmmStatus.Success, scene.Pmm.AllocateFramesAt(100, 3)); // frames 100..102, placed by address
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.A, 4)));     // the same allocation again
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.A + 2, 1))); // inside it
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.B, 1)));
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(100, 3)));
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(101, 1)));
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(98, 3)));   // free, free, then allocated
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(102, 5)));  // allocated, then free
        Assert.Equal(PmmStatus.AlreadyAllocated, Unchanged(scene, pmm => pmm.AllocateFramesAt(64, 100))); // across words, allocated in the middle
        Assert.Equal(PmmStatus.Success, scene.Pmm.DeallocateFrames(100, 3));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void EveryErrorHasItsOwnCode(string name)
    {
        using Scene scene = new(name);
        List<PmmStatus> codes = new()
        {
            UnchangedAllocation(scene, 300, 1),
            UnchangedAllocation(scene, 0, 1),
            UnchangedAllocation(scene, 1, 3),
            Unchanged(scene, pmm => pmm.Deallocate(new PhysicalAddress(4097), 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(1000, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(0, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(scene.Freed, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(scene.NeverAllocated, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A + 2, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 2)),
            Unchanged(scene, pmm => pmm.AllocateFramesAt(scene.B, 1)),
            Unchanged(scene, pmm => pmm.DeallocateFrames(scene.A, 4, FrameOwner.Shell)),
        };

        Assert.DoesNotContain(PmmStatus.Success, codes);
        Assert.Equal(codes.Count, new HashSet<PmmStatus>(codes).Count);
    }
}
