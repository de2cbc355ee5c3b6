// Allocation at a given address (AllocateAt), run once per implementation: exactly the frames named are handed out
// as one allocation that frees like any other, whatever free blocks or PAB words they lie in; later allocations
// never land on them; frames around them stay free. The error cases are in ErrorContractTests.
namespace MeghaOS.Tests.Pmm;

using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed unsafe class AllocateAtContractTests
{
    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllocatesExactlyTheFramesNamed(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1024));
        ulong freeBefore = pmm.Counts.FreeFrames;

        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(37, 100)); // odd start, across two PAB words and many buddy blocks

        Assert.Equal(FrameState.Free, pmm.StateOf(36));
        for (ulong frame = 37; frame < 137; frame++)
        {
            Assert.Equal(FrameState.Allocated, pmm.StateOf(frame));
        }

        Assert.Equal(FrameState.Free, pmm.StateOf(137));
        Assert.Equal(freeBefore - 100, pmm.Counts.FreeFrames);
        Assert.True(FrameBitmap.Test(pmm.State.AllocationStarts, 37));
        pmm.AssertConsistent();

        Assert.Equal(PmmStatus.CountMismatch, pmm.DeallocateFrames(37, 99));
        Assert.Equal(PmmStatus.NotAllocationStart, pmm.DeallocateFrames(38, 99));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(37, 100));
        Assert.Equal(freeBefore, pmm.Counts.FreeFrames);
        Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(37, 100));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void SingleFramesAnywhereAndAdjacentAllocationsStaySeparate(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(512));
        foreach (ulong frame in new ulong[] { 1, 63, 64, 65, 255, 256, 511 })
        {
            Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(frame, 1));
            Assert.Equal(FrameState.Allocated, pmm.StateOf(frame));
            pmm.AssertConsistent();
        }

        // Two allocations side by side: each frees with its own count only.
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(300, 4));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(304, 2));
        Assert.Equal(PmmStatus.CountMismatch, pmm.DeallocateFrames(300, 6));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(304, 2));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(300, 4));
        foreach (ulong frame in new ulong[] { 1, 63, 64, 65, 255, 256, 511 })
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        Assert.Equal(0UL, pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void LaterAllocationsAvoidFramesAllocatedByAddress(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(256));
        HashSet<ulong> placed = new();
        for (ulong frame = 3; frame < 256; frame += 5)
        {
            Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(frame, 2));
            placed.Add(frame);
            placed.Add(frame + 1);
        }

        pmm.AssertConsistent();
        ulong free = pmm.Counts.FreeFrames;
        for (ulong i = 0; i < free; i++)
        {
            ulong frame = pmm.AllocateFrames(1);
            Assert.DoesNotContain(frame, placed);
            placed.Add(frame);
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out _));
        Assert.Equal(PmmStatus.AlreadyAllocated, pmm.AllocateFramesAt(5, 1));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AFreedFrameCanBeAllocatedAtItsAddressAgain(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(128));
        ulong frame = pmm.AllocateFrames(8, 8);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 8));

        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(frame + 2, 3));
        Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(frame, 8));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame + 2, 3));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AllFreeMemoryCanBeTakenByAddress(string name)
    {
        // Two usable entries around a hole and a reserved range: the free runs are 1..159 and 256..511 minus 300..309.
        MemoryRegion[] regions = { Usable(0, 160 * Frame), Usable(256 * Frame, 256 * Frame) };
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), regions, Frames(300, 10));
        Assert.Equal(PmmStatus.FrameReserved, pmm.AllocateFramesAt(1, 300));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(1, 159));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(256, 44));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(310, 202));
        Assert.Equal(0UL, pmm.Counts.FreeFrames);
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out _));
        pmm.AssertConsistent();

        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(310, 202));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(1, 159));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(256, 44));
        Assert.Equal(0UL, pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }
}
