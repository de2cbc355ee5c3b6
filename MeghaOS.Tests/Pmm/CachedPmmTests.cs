// The cached PMM's front cache (MeghaOS.Pmm/Cached/CachedPmm.cs), beyond what the contract suites check for every
// implementation: a freed frame is held (allocated in the bitmaps, owned by the cache) and handed out again first;
// everything read from outside (counts, state, the checker) sees the cache given back; the cache holds at most its
// capacity; and a request the held frames would block (a run, an exact address, a free by the cache's own owner
// value) gets the answer the bitmaps decide without the cache.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed unsafe class CachedPmmTests
{
    private static PmmInstance Create(ulong frames) => PmmInstance.Create(PmmImplementations.Named(CachedPmm.Name), Flat(frames));

    private static ulong Held(PmmInstance pmm) => ((CachedContext*)pmm.Operations.Context)->Depth;

    private static FrameTable* Table(PmmInstance pmm) => (FrameTable*)pmm.Operations.Context;

    [Fact]
    public void AFreedFrameIsHeldAndHandedOutAgainFirst()
    {
        using PmmInstance pmm = Create(256);
        ulong first = pmm.AllocateFrames(1);
        ulong second = pmm.AllocateFrames(1, owner: FrameOwner.Shell);
        ulong freeBefore = Table(pmm)->FreeFrames;

        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, 1));
        Assert.Equal(1UL, Held(pmm));
        Assert.Equal(freeBefore, Table(pmm)->FreeFrames); // still allocated in the bitmaps, owned by the cache
        Assert.Equal((byte)CachedPmm.HeldOwner, Table(pmm)->Owners[first]);

        // The next single frame is the held one, whoever asks; the owner byte becomes the new owner's.
        Assert.Equal(first, pmm.AllocateFrames(1, owner: FrameOwner.KernelHeap));
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(FrameOwner.KernelHeap, pmm.State.OwnerAt(first));
        Assert.Equal(PmmStatus.WrongOwner, pmm.DeallocateFrames(first, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, 1, FrameOwner.KernelHeap));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(second, 1, FrameOwner.Shell));
        pmm.AssertConsistent();
    }

    [Fact]
    public void CountsStateAndCheckerSeeTheCacheGivenBack()
    {
        using PmmInstance pmm = Create(256);
        PmmCounts empty = pmm.Counts;
        ulong a = pmm.AllocateFrames(1);
        ulong b = pmm.AllocateFrames(1);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(a, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(b, 1));
        Assert.Equal(2UL, Held(pmm));

        Assert.Equal(empty.FreeFrames, pmm.Counts.FreeFrames);
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(FrameState.Free, pmm.StateOf(a));
        Assert.Equal(FrameState.Free, pmm.StateOf(b));

        // The view and the checker settle too.
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(pmm.AllocateFrames(1), 1));
        Assert.Equal(1UL, Held(pmm));
        Assert.Equal(FrameState.Free, pmm.StateOf(a));
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(pmm.AllocateFrames(1), 1));
        pmm.AssertConsistent();
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(empty.FreeFrames, Table(pmm)->FreeFrames);
    }

    [Fact]
    public void TheCacheHoldsAtMostItsCapacity()
    {
        using PmmInstance pmm = Create(1024);
        ulong count = CachedPmm.Capacity + 10;
        ulong[] frames = new ulong[count];
        for (ulong i = 0; i < count; i++)
        {
            frames[i] = pmm.AllocateFrames(1);
        }

        ulong freeWhileAllHeld = Table(pmm)->FreeFrames;
        foreach (ulong frame in frames)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        Assert.Equal(CachedPmm.Capacity, Held(pmm));
        Assert.Equal(freeWhileAllHeld + 10, Table(pmm)->FreeFrames); // the last ten went straight to the bitmaps
        foreach (ulong frame in frames)
        {
            Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(frame, 1));
        }

        pmm.AssertConsistent();
    }

    [Fact]
    public void ARunOrAnAddressThatNeedsHeldFramesIsGivenThem()
    {
        using PmmInstance pmm = Create(128);
        ulong[] frames = new ulong[127];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = pmm.AllocateFrames(1); // every usable frame (frame 0 is not)
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(1, 1, out _));
        for (ulong frame = 64; frame < 128; frame++)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        Assert.Equal(CachedPmm.Capacity, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.Allocate(64, 64, out PhysicalAddress run));
        Assert.Equal(64UL, run.FrameNumber);
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(64, 64));

        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(100, 1));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(100, 1));
        Assert.Equal(1UL, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(100, 1));
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(PmmStatus.AlreadyAllocated, pmm.AllocateFramesAt(100, 1));
        pmm.AssertConsistent();
    }

    [Fact]
    public void TheCachesOwnerValueNeverFreesAHeldFrame()
    {
        using PmmInstance pmm = Create(256);
        ulong mine = pmm.AllocateFrames(1, owner: CachedPmm.HeldOwner);
        ulong other = pmm.AllocateFrames(1);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(other, 1));
        Assert.Equal(1UL, Held(pmm));

        Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(other, 1, CachedPmm.HeldOwner));
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(mine, 1, CachedPmm.HeldOwner));
        Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(mine, 1, CachedPmm.HeldOwner));
        pmm.AssertConsistent();
    }

    // The last frame the cache lent is freed on its owner byte alone; once it has gone back by another path (here:
    // the cache was full, so the bitmaps took it), freeing it again is the double free the bitmaps find, even when
    // the cache has room again and the owner byte still names the owner.
    [Fact]
    public void TheLastLentFrameIsForgottenWhenItGoesBackAnotherWay()
    {
        using PmmInstance pmm = Create(1024);
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(pmm.AllocateFrames(1), 1));
        ulong lent = pmm.AllocateFrames(1, owner: FrameOwner.Shell); // from the cache: remembered
        Assert.Equal(PmmStatus.WrongOwner, pmm.DeallocateFrames(lent, 1, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(lent, 1, FrameOwner.Shell));
        Assert.Equal(1UL, Held(pmm));

        lent = pmm.AllocateFrames(1, owner: FrameOwner.Shell);
        ulong[] others = new ulong[CachedPmm.Capacity];
        for (int i = 0; i < others.Length; i++)
        {
            others[i] = pmm.AllocateFrames(1);
        }

        foreach (ulong frame in others)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        Assert.Equal(CachedPmm.Capacity, Held(pmm));
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(lent, 1, FrameOwner.Shell)); // full: the bitmaps free it
        Assert.Equal(FrameState.Free, pmm.StateOf(lent)); // and the cache is given back
        Assert.Equal(0UL, Held(pmm));
        Assert.Equal(PmmStatus.DoubleFree, pmm.DeallocateFrames(lent, 1, FrameOwner.Shell));
        pmm.AssertConsistent();
    }
}
