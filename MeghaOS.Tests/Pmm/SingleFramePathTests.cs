// Single-frame allocate and free where the implementations' fast paths hand over to the general ones: the last
// frame of a PAB word (its neighbour's bits are in the next word), the last frame of the map (its neighbour is a
// padding bit), a neighbour that is reserved, a start or a continuation, a free by another owner. Run once per
// implementation; every status must be exactly what the general path decides, and the instance must stay consistent.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class SingleFramePathTests
{
    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreeingOneFrameChecksTheNextFrameEvenAcrossAWordEdge(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(256));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(62, 2));   // 62..63: the continuation is in the same word
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(127, 2));  // 127..128: the continuation is in the next word
        Assert.Equal(PmmStatus.CountMismatch, pmm.DeallocateFrames(62, 1));
        Assert.Equal(PmmStatus.CountMismatch, pmm.DeallocateFrames(127, 1));
        Assert.Equal(PmmStatus.NotAllocationStart, pmm.DeallocateFrames(63, 1));
        Assert.Equal(PmmStatus.NotAllocationStart, pmm.DeallocateFrames(128, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(62, 2));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(127, 2));
        pmm.AssertConsistent();

        // Single frames side by side, across the edge: each neighbour is a start, not a continuation.
        foreach (ulong frame in new ulong[] { 62, 63, 64, 191, 192 })
        {
            Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(frame, 1));
        }

        foreach (ulong frame in new ulong[] { 63, 62, 191, 64, 192 })
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
            Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(frame, 1));
            pmm.AssertConsistent();
        }
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void OneFrameRecordsItsOwnerAndIsFreedOnlyByIt(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(256));
        ulong frame = pmm.AllocateFrames(1, owner: FrameOwner.Shell);
        ulong other = pmm.AllocateFrames(1, owner: FrameOwner.KernelHeap);
        Assert.Equal(FrameOwner.Shell, pmm.State.OwnerAt(frame));
        Assert.Equal(FrameOwner.KernelHeap, pmm.State.OwnerAt(other));
        PmmSnapshot before = pmm.Snapshot();
        Assert.Equal(PmmStatus.WrongOwner, pmm.DeallocateFrames(frame, 1, FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.WrongOwner, pmm.DeallocateFrames(other, 1, FrameOwner.Shell));
        Assert.Equal(before, pmm.Snapshot());
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1, FrameOwner.Shell));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(other, 1, FrameOwner.KernelHeap));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void TheLastFrameOfTheMapFreesWithCountOne(string name)
    {
        foreach (ulong frames in new ulong[] { 130, 128, 64 * 3 + 63 })
        {
            using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(frames));
            ulong last = frames - 1;
            Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(last, 1));
            Assert.Equal(PmmStatus.NotAllocated, pmm.DeallocateFrames(last - 1, 1));
            Assert.Equal(PmmStatus.AddressOutOfRange, pmm.DeallocateFrames(last, 2));
            Assert.Equal(PmmStatus.AddressOutOfRange, pmm.DeallocateFrames(frames, 1));
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(last, 1));
            Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(last, 1));
            pmm.AssertConsistent();
        }
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AFrameBeforeAReservedFrameFreesWithCountOne(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(256), Frames(40, 8));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(39, 1));
        Assert.Equal(PmmStatus.FrameReserved, pmm.DeallocateFrames(40, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(39, 1));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void SingleFramesUntilFullThenBackStayConsistent(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(200), Frames(64, 1), Frames(130, 3));
        ulong free = pmm.Counts.FreeFrames;
        ulong[] frames = new ulong[free];
        for (ulong i = 0; i < free; i++)
        {
            frames[i] = pmm.AllocateFrames(1);
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out PhysicalAddress none));
        Assert.True(none.IsNull);
        pmm.AssertConsistent();
        for (ulong i = 0; i < free; i += 3)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frames[i], 1));
        }

        pmm.AssertConsistent();
        for (ulong i = 0; i < free; i += 3)
        {
            frames[i] = pmm.AllocateFrames(1);
        }

        Assert.Equal(0UL, pmm.Counts.FreeFrames);
        foreach (ulong frame in frames)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        Assert.Equal(free, pmm.Counts.FreeFrames);
        pmm.AssertConsistent();
    }

    [Fact]
    public void BitmapHandsOutTheLowestFreeFrameAfterFreesBelowAndAbove()
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named("bitmap"), Flat(512));
        for (ulong expected = 1; expected < 192; expected++)
        {
            Assert.Equal(expected, pmm.AllocateFrames(1));
        }

        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(70, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(5, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(191, 1));
        Assert.Equal(5UL, pmm.AllocateFrames(1));
        Assert.Equal(70UL, pmm.AllocateFrames(1));
        Assert.Equal(191UL, pmm.AllocateFrames(1));
        Assert.Equal(192UL, pmm.AllocateFrames(1));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(193, 100));
        Assert.Equal(293UL, pmm.AllocateFrames(1));
        pmm.AssertConsistent();
    }
}
