// The allocation half of the PMM contract, run once per implementation in PmmImplementations: frames handed out
// are free, distinct, contiguous and aligned as asked; counts add up; memory runs out cleanly and comes back.
namespace MeghaOS.Tests.Pmm;

using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class AllocationContractTests
{
    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void NewInstanceHasItsNameAndCountsFromTheMap(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1024));

        Assert.Equal(name, pmm.Operations.Name);
        Assert.True(pmm.Operations.IsComplete);
        Assert.Equal(1024UL, pmm.Counts.TotalFrames);
        Assert.Equal(1UL, pmm.Counts.ReservedFrames);
        Assert.Equal(1023UL, pmm.Counts.FreeFrames);
        Assert.Equal(0UL, pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void SingleFramesAreDistinctNeverFrameZeroAndMarkedAllocated(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1000));
        HashSet<ulong> seen = new();
        for (int i = 0; i < 999; i++)
        {
            ulong frame = pmm.AllocateFrames(1);
            Assert.NotEqual(0UL, frame);
            Assert.True(seen.Add(frame), "frame handed out twice: " + frame);
            Assert.Equal(FrameState.Allocated, pmm.StateOf(frame));
            Assert.Equal(1, (pmm.Pab[frame / 8] >> (int)(frame % 8)) & 1);
        }

        Assert.Equal(0UL, pmm.Counts.FreeFrames);
        Assert.Equal(999UL, pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FreedFrameIsFreeAgainAndCanBeAllocatedAgain(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(64));
        ulong frame = pmm.AllocateFrames(1);

        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));

        Assert.Equal(FrameState.Free, pmm.StateOf(frame));
        Assert.Equal(0, (pmm.Pab[frame / 8] >> (int)(frame % 8)) & 1);
        Assert.Equal(63UL, pmm.Counts.FreeFrames);
        for (int i = 0; i < 63; i++)
        {
            pmm.AllocateFrames(1);
        }

        Assert.Equal(FrameState.Allocated, pmm.StateOf(frame));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void ContiguousAllocationCoversFreeFramesOnly(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(4096));
        List<(ulong First, ulong Count)> runs = new();
        foreach (ulong count in new ulong[] { 5, 1, 17, 64, 3, 100, 2, 513 })
        {
            ulong first = pmm.AllocateFrames(count);
            foreach ((ulong otherFirst, ulong otherCount) in runs)
            {
                Assert.True(first + count <= otherFirst || otherFirst + otherCount <= first, "runs overlap");
            }

            for (ulong frame = first; frame < first + count; frame++)
            {
                Assert.Equal(FrameState.Allocated, pmm.StateOf(frame));
            }

            runs.Add((first, count));
        }

        Assert.Equal(705UL, pmm.Counts.AllocatedFrames);
        foreach ((ulong first, ulong count) in runs)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, count));
        }

        Assert.Equal(4095UL, pmm.Counts.FreeFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AlignedAllocationStartsOnAMultipleOfTheAlignment(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(32768));
        pmm.AllocateFrames(3); // shift the free space off every alignment boundary
        for (ulong alignment = 1; alignment <= 1024; alignment *= 2)
        {
            foreach (ulong count in new ulong[] { 1, 3, alignment, alignment + 1 })
            {
                ulong first = pmm.AllocateFrames(count, alignment);
                Assert.Equal(0UL, first % alignment);
            }
        }

        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void ContiguousAllocationFindsTheOnlyRunThatFits(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(2048));
        for (int i = 0; i < 2047; i++)
        {
            pmm.AllocateFrames(1);
        }

        // Free every third frame (no run of two), then complete a single run of 8 frames at 1203..1210 (not 8-aligned).
        for (ulong frame = 3; frame < 2048; frame += 3)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        for (ulong frame = 1204; frame <= 1210; frame++)
        {
            if (frame % 3 != 0)
            {
                Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
            }
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(9, 1, out _));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(8, 8, out _));
        Assert.Equal(1203UL, pmm.AllocateFrames(8));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(2, 1, out _));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void LargeAndWholeMemoryRunsWork(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1UL << 21));

        // Frame 0 is reserved, so the largest run is frames 1 .. 2^21 - 1.
        ulong first = pmm.AllocateFrames((1UL << 21) - 1);
        Assert.Equal(1UL, first);
        Assert.Equal(0UL, pmm.Counts.FreeFrames);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, (1UL << 21) - 1));
        Assert.Equal(1UL << 20, pmm.AllocateFrames(1UL << 20, 1UL << 20));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1UL << 20, 1UL << 20, out _));
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void ExhaustionReturnsOutOfMemoryAndFreeingRecovers(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(512), Frames(100, 20));
        PmmSnapshot fresh = pmm.Snapshot();
        List<ulong> frames = new();
        while (pmm.Allocate(1, 1, out PhysicalAddress address) == PmmStatus.Success)
        {
            frames.Add(address.FrameNumber);
        }

        Assert.Equal(512 - 1 - 20, frames.Count);
        PmmSnapshot full = pmm.Snapshot();
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out PhysicalAddress failed));
        Assert.True(failed.IsNull);
        Assert.Equal(full, pmm.Snapshot());

        for (int i = 0; i < frames.Count; i += 2)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frames[i], 1));
        }

        Assert.Equal((ulong)(frames.Count + 1) / 2, pmm.Counts.FreeFrames);
        for (int i = 0; i < frames.Count; i += 2)
        {
            pmm.AllocateFrames(1);
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out _));
        foreach (ulong frame in frames)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        PmmSnapshot recovered = pmm.Snapshot();
        Assert.Equal(fresh.Pab, recovered.Pab);
        Assert.Equal(fresh.Reserved, recovered.Reserved);
        Assert.Equal(fresh.AllocationStarts, recovered.AllocationStarts);
        Assert.Equal(fresh.Counts.FreeFrames, recovered.Counts.FreeFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void CountsAlwaysAddUp(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(3000), Frames(10, 7));
        ulong a = pmm.AllocateFrames(10);
        ulong b = pmm.AllocateFrames(1);
        ulong c = pmm.AllocateFrames(33, 32);
        PmmCounts counts = pmm.Counts;

        Assert.Equal(3000UL, counts.TotalFrames);
        Assert.Equal(8UL, counts.ReservedFrames);
        Assert.Equal(44UL, counts.AllocatedFrames);
        Assert.Equal(3000UL - 8 - 44, counts.FreeFrames);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(c, 33));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(a, 10));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(b, 1));
        Assert.Equal(0UL, pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AdjacentAllocationsAreFreedIndependently(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(64));
        ulong a = pmm.AllocateFrames(4);
        ulong b = pmm.AllocateFrames(4);
        Assert.Equal(a + 4, b); // both implementations hand out the lowest run on a fresh map

        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(a, 4));
        Assert.Equal(FrameState.Allocated, pmm.StateOf(b));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(b, 4));
        pmm.AssertConsistent();
    }
}
