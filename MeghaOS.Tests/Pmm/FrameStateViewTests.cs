// The allocation walks of FrameStateView (which allocation holds a frame, the next allocation, an allocation's
// extent), which /sys/pmm/owners, the shell's messages and the kernel heap's cross-check read: compared with a
// frame-by-frame answer over random states with allocations across PAB words, reserved frames and the map's end.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class FrameStateViewTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WalksMatchAFrameByFrameAnswer(int seed)
    {
        Random random = new(seed);
        const ulong frames = 64 * 9 + 17;
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.All[0], Flat(frames), Frames(200, 40), Frames(frames - 3, 3));
        var live = new List<(ulong First, ulong Count, FrameOwner Owner)>();
        for (int i = 0; i < 400; i++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(live.Count);
                Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(live[index].First, live[index].Count, live[index].Owner));
                live.RemoveAt(index);
                continue;
            }

            ulong count = (ulong)random.Next(1, 90);
            FrameOwner owner = (FrameOwner)random.Next(0, 6);
            if (pmm.Allocate(count, 1, out PhysicalAddress address, owner) == PmmStatus.Success)
            {
                live.Add((address.FrameNumber, count, owner));
            }
        }

        FrameStateView state = pmm.State;
        var byFrame = new Dictionary<ulong, (ulong First, ulong Count, FrameOwner Owner)>();
        foreach ((ulong first, ulong count, FrameOwner owner) in live)
        {
            for (ulong frame = first; frame < first + count; frame++)
            {
                byFrame[frame] = (first, count, owner);
            }
        }

        for (ulong frame = 0; frame < frames + 70; frame++)
        {
            bool found = state.TryGetAllocation(frame, out ulong start, out ulong length);
            Assert.Equal(byFrame.ContainsKey(frame), found);
            if (found)
            {
                Assert.Equal((byFrame[frame].First, byFrame[frame].Count, byFrame[frame].Owner), (start, length, state.OwnerAt(start)));
            }
        }

        live.Sort((a, b) => a.First.CompareTo(b.First));
        var walked = new List<(ulong First, ulong Count, FrameOwner Owner)>();
        for (ulong next = 0; state.TryGetNextAllocation(next, out ulong start, out ulong length); next = start + 1)
        {
            walked.Add((start, length, state.OwnerAt(start)));
        }

        Assert.Equal(live, walked);
    }

    [Fact]
    public void AnAllocationEndingAtTheLastFrameHasItsWholeExtent()
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.All[0], Flat(130));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(60, 70));
        Assert.Equal(70UL, pmm.State.ExtentOf(60));
        Assert.True(pmm.State.TryGetAllocation(129, out ulong start, out ulong count));
        Assert.Equal((60UL, 70UL), (start, count));
        Assert.False(pmm.State.TryGetNextAllocation(61, out _, out _));
    }
}
