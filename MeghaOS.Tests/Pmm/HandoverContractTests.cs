// Handing over between implementations without the facade: every ordered pair (from, to), the same one included.
// The new instance must hold the identical state (every allocation's owner included) and carry on exactly where the
// old one stopped.
namespace MeghaOS.Tests.Pmm;

using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class HandoverContractTests
{
    [Theory]
    [MemberData(nameof(PmmImplementations.Pairs), MemberType = typeof(PmmImplementations))]
    public void TakeOverCopiesTheStateAndKeepsEveryAllocation(string from, string to)
    {
        MemoryRegion[] regions = { Usable(0, 3000 * Frame), Reserved(700 * Frame, 50 * Frame), Usable(4096 * Frame, 1000 * Frame) };
        using PmmInstance first = PmmInstance.Create(PmmImplementations.Named(from), regions, Frames(256, 30));
        List<(ulong Frame, ulong Count, FrameOwner Owner)> live = new();
        for (ulong i = 1; i <= 60; i++)
        {
            ulong count = i % 7 + 1;
            FrameOwner owner = (FrameOwner)(i % 5);
            live.Add((first.AllocateFrames(count, i % 3 == 0 ? 8UL : 1UL, owner), count, owner));
        }

        // Allocations placed by address, in the second usable entry and straddling PAB words.
        for (ulong i = 0; i < 10; i++)
        {
            ulong frame = 4200 + 61 * i;
            ulong count = i % 4 + 1;
            Assert.Equal(PmmStatus.Success, first.AllocateFramesAt(frame, count, FrameOwner.Shell));
            live.Add((frame, count, FrameOwner.Shell));
        }

        // Free every third allocation so the state has holes, double-free candidates and ever-allocated frames.
        List<(ulong Frame, ulong Count, FrameOwner Owner)> freed = new();
        for (int i = live.Count - 1; i >= 0; i -= 3)
        {
            Assert.Equal(PmmStatus.Success, first.DeallocateFrames(live[i].Frame, live[i].Count, live[i].Owner));
            freed.Add(live[i]);
            live.RemoveAt(i);
        }

        PmmSnapshot before = first.Snapshot();
        byte[] pabBefore = first.Pab;
        using PmmInstance second = PmmInstance.TakeOver(PmmImplementations.Named(to), first.State);

        Assert.Equal(to, second.Operations.Name);
        Assert.Equal(before, second.Snapshot());
        Assert.Equal(pabBefore, second.Pab);
        second.AssertConsistent();

        foreach ((ulong frame, ulong count, FrameOwner owner) in freed)
        {
            Assert.Equal(PmmStatus.DoubleFree, second.DeallocateFrames(frame, count, owner));
        }

        // Every frame the old instance handed out is still taken for an allocation by address, and is still its owner's.
        foreach ((ulong frame, ulong count, FrameOwner owner) in live)
        {
            Assert.Equal(PmmStatus.AlreadyAllocated, second.AllocateFramesAt(frame + count - 1, 1));
            Assert.Equal(owner, second.State.OwnerAt(frame));
            Assert.Equal(PmmStatus.WrongOwner, second.DeallocateFrames(frame, count, (FrameOwner)((int)owner + 1)));
        }

        // Freed runs can be taken again by address.
        for (int i = 0; i < freed.Count; i += 2)
        {
            Assert.Equal(PmmStatus.Success, second.AllocateFramesAt(freed[i].Frame, freed[i].Count, freed[i].Owner));
            live.Add(freed[i]);
        }

        HashSet<ulong> taken = new();
        foreach ((ulong frame, ulong count, FrameOwner _) in live)
        {
            for (ulong f = frame; f < frame + count; f++)
            {
                taken.Add(f);
            }
        }

        // New allocations never land on frames the old instance handed out.
        for (int i = 0; i < 100; i++)
        {
            ulong frame = second.AllocateFrames(1);
            Assert.DoesNotContain(frame, taken);
            taken.Add(frame);
        }

        foreach ((ulong frame, ulong count, FrameOwner owner) in live)
        {
            Assert.Equal(PmmStatus.Success, second.DeallocateFrames(frame, count, owner));
        }

        second.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public unsafe void TakeOverRefusesBadStatesAndSmallMetadata(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        using PmmInstance source = PmmInstance.Create(implementation, Flat(1024));
        ulong needed = implementation.MetadataBytes(1024);
        byte[] buffer = new byte[needed];
        fixed (byte* metadata = buffer)
        {
            Assert.Equal(PmmStatus.MetadataTooSmall, implementation.TakeOver(metadata, needed - 1, source.State, out PmmOperations operations));
            Assert.False(operations.IsComplete);
            Assert.Equal(PmmStatus.NoUsableMemory, implementation.TakeOver(metadata, needed, default, out _));
            FrameStateView huge = new(implementation.MaxFrames + 1, null, null, null, null, null);
            Assert.Equal(PmmStatus.TooManyFrames, implementation.TakeOver(metadata, needed, huge, out _));
        }
    }
}
