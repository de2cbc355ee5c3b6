// The Pmm facade: forwarding to the active table, refusing incomplete tables, and switching implementations
// (bitmap -> buddy -> bitmap) with every allocation kept and the PAB identical byte for byte.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

[Collection(PmmFacadeCollection.Name)]
public sealed class PmmFacadeTests : IDisposable
{
    public PmmFacadeTests() => Pmm.Reset();

    public void Dispose() => Pmm.Reset();

    [Fact]
    public void WithoutAnImplementationEverythingIsNotInitialized()
    {
        Assert.False(Pmm.IsActive);
        Assert.Equal("none", Pmm.ImplementationName);
        Assert.Equal(PmmStatus.NotInitialized, Pmm.Allocate(1, 1, FrameOwner.Kernel, out PhysicalAddress address));
        Assert.True(address.IsNull);
        Assert.Equal(PmmStatus.NotInitialized, Pmm.Deallocate(PhysicalAddress.FromFrame(1), 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.NotInitialized, Pmm.AllocateAt(PhysicalAddress.FromFrame(1), 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.NotInitialized, Pmm.Split(PhysicalAddress.FromFrame(1), FrameOwner.Kernel));
        Assert.Equal(0UL, Pmm.Counts.TotalFrames);
        Assert.Equal(0, Pmm.Pab.Length);
        Assert.Equal(FrameState.OutOfRange, Pmm.StateOf(0));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void IncompleteTablesAreRefused(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(64));
        PmmOperations noName = pmm.Operations;
        noName.Name = null!;
        PmmOperations noFree = pmm.Operations;
        PmmOperations noAllocateAt = pmm.Operations;
        PmmOperations noSplit = pmm.Operations;
        unsafe
        {
            noFree.Deallocate = null;
            noAllocateAt.AllocateAt = null;
            noSplit.Split = null;
        }

        Assert.Equal(PmmStatus.IncompleteOperations, Pmm.SetOperations(noName));
        Assert.Equal(PmmStatus.IncompleteOperations, Pmm.SetOperations(noFree));
        Assert.Equal(PmmStatus.IncompleteOperations, Pmm.SetOperations(noAllocateAt));
        Assert.Equal(PmmStatus.IncompleteOperations, Pmm.SetOperations(noSplit));
        Assert.False(Pmm.IsActive);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void FacadeForwardsToTheActiveImplementation(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(100));
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(pmm.Operations));

        Assert.Equal(name, Pmm.ImplementationName);
        Assert.Equal(PmmStatus.Success, Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress single));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(4, 4, FrameOwner.Kernel, out PhysicalAddress run));
        Assert.Equal(0UL, run.FrameNumber % 4);
        Assert.Equal(FrameState.Allocated, Pmm.StateOf(single.FrameNumber));
        Assert.Equal(pmm.Counts.FreeFrames, Pmm.Counts.FreeFrames);
        Assert.Equal(94UL, Pmm.Counts.FreeFrames);
        Assert.Equal(pmm.Pab, Pmm.Pab.ToArray());
        Assert.Equal(13, Pmm.Pab.Length);
        Assert.Equal(PmmStatus.CountMismatch, Pmm.Deallocate(run, 3, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(run, 4, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(single, 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.DoubleFree, Pmm.Deallocate(single, 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, Pmm.AllocateAt(PhysicalAddress.FromFrame(50), 3, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.AlreadyAllocated, Pmm.AllocateAt(PhysicalAddress.FromFrame(52), 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.FrameReserved, Pmm.AllocateAt(PhysicalAddress.Null, 1, FrameOwner.Kernel));
        Assert.Equal(FrameState.Allocated, Pmm.StateOf(51));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(PhysicalAddress.FromFrame(50), 3, FrameOwner.Kernel));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AnAllocationSplitInThreeFreesPartByPart(string name)
    {
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(200));
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(pmm.Operations));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 16, FrameOwner.KernelHeap, out PhysicalAddress chunk));
        ulong first = chunk.FrameNumber;

        // The middle four frames go back; the head and the tail stay allocated, each an allocation of its own.
        Assert.Equal(PmmStatus.WrongOwner, Pmm.Split(PhysicalAddress.FromFrame(first + 5), FrameOwner.Shell));
        Assert.Equal(PmmStatus.Success, Pmm.Split(PhysicalAddress.FromFrame(first + 5), FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.Success, Pmm.Split(PhysicalAddress.FromFrame(first + 9), FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.CountMismatch, Pmm.Deallocate(chunk, 16, FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(PhysicalAddress.FromFrame(first + 5), 4, FrameOwner.KernelHeap));
        Assert.Equal(FrameState.Free, Pmm.StateOf(first + 7));
        Assert.True(Pmm.State.TryGetAllocation(first + 12, out ulong start, out ulong count));
        Assert.Equal((first + 9, 7UL, FrameOwner.KernelHeap), (start, count, Pmm.State.OwnerAt(start)));
        pmm.AssertConsistent();
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(chunk, 5, FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(PhysicalAddress.FromFrame(first + 9), 7, FrameOwner.KernelHeap));
        Assert.Equal(0UL, Pmm.Counts.AllocatedFrames);
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Pairs), MemberType = typeof(PmmImplementations))]
    public void SwitchingToAnInstanceWithAnotherOwnerIsRefused(string from, string to)
    {
        using PmmInstance active = PmmInstance.Create(PmmImplementations.Named(from), Flat(512));
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(active.Operations));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(3, 1, FrameOwner.KernelHeap, out PhysicalAddress address));
        using PmmInstance copy = PmmInstance.TakeOver(PmmImplementations.Named(to), Pmm.State);
        unsafe
        {
            copy.State.Owners[address.FrameNumber] = (byte)FrameOwner.Shell;
        }

        Assert.Equal(PmmStatus.HandoverMismatch, Pmm.SetOperations(copy.Operations));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(address, 3, FrameOwner.KernelHeap));
    }

    [Fact]
    public void SwitchingBitmapToBuddyToBitmapKeepsEveryAllocationAndThePab()
    {
        MemoryRegion[] regions = { Usable(0, 0x9FC00), Usable(1UL << 20, 63UL << 20) };
        using PmmInstance bitmap = PmmInstance.Create(PmmImplementations.Named("bitmap"), regions, Frames(256, 100));
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(bitmap.Operations));
        List<(PhysicalAddress Address, ulong Count)> live = new();
        for (ulong i = 1; i <= 200; i++)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Allocate(i % 9 + 1, i % 4 == 0 ? 16UL : 1UL, FrameOwner.Kernel, out PhysicalAddress address));
            live.Add((address, i % 9 + 1));
        }

        byte[] pab = Pmm.Pab.ToArray();
        using PmmInstance buddy = PmmInstance.TakeOver(PmmImplementations.Named("buddy"), Pmm.State);
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(buddy.Operations));
        Assert.Equal("buddy", Pmm.ImplementationName);
        Assert.Equal(pab, Pmm.Pab.ToArray());

        // Work on the buddy: free half of the old allocations, add new ones.
        for (int i = 0; i < live.Count; i += 2)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Deallocate(live[i].Address, live[i].Count, FrameOwner.Kernel));
        }

        List<(PhysicalAddress Address, ulong Count)> kept = new();
        for (int i = 1; i < live.Count; i += 2)
        {
            kept.Add(live[i]);
        }

        for (ulong i = 1; i <= 50; i++)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Allocate(i, 1, FrameOwner.Kernel, out PhysicalAddress address));
            kept.Add((address, i));
        }

        pab = Pmm.Pab.ToArray();
        PmmCounts counts = Pmm.Counts;
        using PmmInstance bitmapAgain = PmmInstance.TakeOver(PmmImplementations.Named("bitmap"), Pmm.State);
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(bitmapAgain.Operations));
        Assert.Equal("bitmap", Pmm.ImplementationName);
        Assert.Equal(pab, Pmm.Pab.ToArray());
        Assert.Equal(counts.FreeFrames, Pmm.Counts.FreeFrames);
        bitmapAgain.AssertConsistent();

        foreach ((PhysicalAddress address, ulong count) in kept)
        {
            Assert.Equal(FrameState.Allocated, Pmm.StateOf(address.FrameNumber));
            Assert.Equal(PmmStatus.Success, Pmm.Deallocate(address, count, FrameOwner.Kernel));
        }

        Assert.Equal(0UL, Pmm.Counts.AllocatedFrames);
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Pairs), MemberType = typeof(PmmImplementations))]
    public void SwitchingToAnInstanceThatDidNotTakeOverIsRefused(string from, string to)
    {
        using PmmInstance active = PmmInstance.Create(PmmImplementations.Named(from), Flat(512));
        using PmmInstance stranger = PmmInstance.Create(PmmImplementations.Named(to), Flat(512));
        using PmmInstance otherSize = PmmInstance.Create(PmmImplementations.Named(to), Flat(600));
        Assert.Equal(PmmStatus.Success, Pmm.SetOperations(active.Operations));
        Assert.Equal(PmmStatus.Success, Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress address));

        Assert.Equal(PmmStatus.HandoverMismatch, Pmm.SetOperations(stranger.Operations));
        Assert.Equal(PmmStatus.HandoverMismatch, Pmm.SetOperations(otherSize.Operations));

        unsafe
        {
            Assert.True(Pmm.Operations.Context == active.Operations.Context);
        }

        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(address, 1, FrameOwner.Kernel));
    }
}
