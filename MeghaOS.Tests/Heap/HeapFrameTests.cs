// The kernel heaps and the PMM agreeing on frames: HeapFrameCheck (the second half of `pmm check`) agrees with heaps
// that were only used, and names each way the two can disagree; a heap switched out gives back every frame it empties
// (at the switch, and at every later free), so the active heap can use them when memory is otherwise full; and a
// random soak across switches keeps both in agreement. Every ordered pair of heap implementations.
namespace MeghaOS.Tests.Heap;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class HeapFrameTests : TwoHeapsTest
{

    public static TheoryData<string> Names => HeapImplementations.Names;

    private HeapFrameCheckResult Check() => HeapFrameCheck.Check(Frames.State, Frames.FrameZero, HeapSubsystem.Implementations, default);

    private static ulong FramesOf(in HeapOperations heap)
    {
        ulong frames = 0;
        FrameRunVisitor visitor = new FrameRunVisitor { Context = &frames, Visit = &Add };
        heap.VisitFrameRuns(heap.Context, visitor);
        return frames;
    }

    private static void Add(void* context, PhysicalAddress address, ulong frames) => *(ulong*)context += frames;

    // Blocks of mixed sizes (slab classes, several per frame, and large ones), each filled with its own byte.
    private static List<(IntPtr Pointer, int Size)> Fill(int count, int seed)
    {
        var random = new Random(seed);
        var blocks = new List<(IntPtr, int)>();
        for (int i = 0; i < count; i++)
        {
            int size = random.Next(8) == 0 ? random.Next(2049, 12000) : random.Next(1, 700);
            byte* block = (byte*)Heap.Allocate((nuint)size);
            Assert.True(block != null);
            new Span<byte>(block, size).Fill((byte)(i + 1));
            blocks.Add(((IntPtr)block, size));
        }

        return blocks;
    }

    [Theory, MemberData(nameof(Pairs))]
    public void HeapsThatWereOnlyUsedAgreeWithThePmm(string from, string to)
    {
        Boot(from, to);
        var blocks = Fill(400, 1);
        Assert.Equal(ActivationStatus.Success, Switch(to));
        blocks.AddRange(Fill(400, 2));
        HeapFrameCheckResult check = Check();
        Assert.Equal(HeapFrameFinding.Agree, check.Finding);
        Assert.Equal(Frames.FramesOutstanding, check.HeapFrames);
        Assert.Equal((check.HeapRuns, check.HeapFrames), (check.PmmRuns, check.PmmFramesTotal));
        foreach ((IntPtr pointer, int _) in blocks)
        {
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)pointer));
        }

        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);
    }

    [Theory, MemberData(nameof(Names))]
    public void EachDisagreementIsNamed(string name)
    {
        Boot(name, name == FreeListHeap.Name ? SlabHeap.Name : FreeListHeap.Name);
        PmmOperations pmm = Frames.Pmm;
        Assert.Equal(PmmStatus.Success, pmm.Allocate(pmm.Context, 1, 1, FrameOwner.Shell, out PhysicalAddress neighbour)); // the heap's runs come after it
        void* block = Heap.Allocate(100);
        ulong firstRun = 0;
        ulong firstRunFrames = 0;
        FrameRunVisitor first = new FrameRunVisitor { Context = &firstRun, Visit = &RememberFirst };
        First.VisitFrameRuns(First.Context, first);
        Assert.True(Frames.State.TryGetAllocation((firstRun - Frames.FrameZero) >> 12, out _, out firstRunFrames));
        PhysicalAddress frame = new PhysicalAddress(firstRun - Frames.FrameZero);

        // Freed behind the heap's back (what `pmm free` could do before owners).
        Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, frame, firstRunFrames, FrameOwner.KernelHeap));
        HeapFrameCheckResult check = Check();
        Assert.Equal((HeapFrameFinding.RunNotAllocated, name, firstRun), (check.Finding, check.Heap, check.Address.Value));

        // Handed out again to someone else.
        Assert.Equal(PmmStatus.Success, pmm.AllocateAt(pmm.Context, frame, firstRunFrames, FrameOwner.Shell));
        check = Check();
        Assert.Equal((HeapFrameFinding.RunWrongOwner, FrameOwner.Shell), (check.Finding, check.PmmOwner));

        // To the heap again, but in pieces.
        Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, frame, firstRunFrames, FrameOwner.Shell));
        if (firstRunFrames > 1)
        {
            Assert.Equal(PmmStatus.Success, pmm.AllocateAt(pmm.Context, frame, firstRunFrames - 1, FrameOwner.KernelHeap));
            Assert.Equal(HeapFrameFinding.RunWrongSize, Check().Finding);
            Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, frame, firstRunFrames - 1, FrameOwner.KernelHeap));
        }

        Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, neighbour, 1, FrameOwner.Shell));
        Assert.Equal(PmmStatus.Success, pmm.AllocateAt(pmm.Context, new PhysicalAddress(frame.Value - 4096), firstRunFrames + 1, FrameOwner.KernelHeap));
        Assert.Equal(HeapFrameFinding.RunNotAllocationStart, Check().Finding);
        Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, new PhysicalAddress(frame.Value - 4096), firstRunFrames + 1, FrameOwner.KernelHeap));

        // Back as it was, plus one kernel-heap allocation no heap holds.
        Assert.Equal(PmmStatus.Success, pmm.AllocateAt(pmm.Context, frame, firstRunFrames, FrameOwner.KernelHeap));
        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);
        Assert.Equal(PmmStatus.Success, pmm.Allocate(pmm.Context, 2, 1, FrameOwner.KernelHeap, out PhysicalAddress stray));
        check = Check();
        Assert.Equal(HeapFrameFinding.TotalsDiffer, check.Finding);
        Assert.Equal((check.HeapRuns + 1, check.HeapFrames + 2), (check.PmmRuns, check.PmmFramesTotal));
        Assert.Equal(PmmStatus.Success, pmm.Deallocate(pmm.Context, stray, 2, FrameOwner.KernelHeap));
        Assert.Equal(HeapStatus.Success, Heap.Free(block));
    }

    private static void RememberFirst(void* context, PhysicalAddress address, ulong frames)
    {
        if (*(ulong*)context == 0)
        {
            *(ulong*)context = address.Value;
        }
    }

    [Theory, MemberData(nameof(Pairs))]
    public void ASwitchedOutHeapGivesEveryEmptyFrameBackForTheActiveOne(string from, string to)
    {
        Boot(from, to);
        var blocks = Fill(1500, 3);
        ulong used = Frames.FramesOutstanding;

        // Memory is full: only what the first heap holds exists.
        Frames.Limit = used;
        Assert.Equal(ActivationStatus.Success, Switch(to));
        Assert.True(Heap.Allocate(3000) == null, "the new heap found frames in a full memory");

        // Free all but every 50th block: the old heap keeps only frames that hold a live block.
        var kept = new List<(IntPtr Pointer, int Size)>();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (i % 50 == 0)
            {
                kept.Add(blocks[i]);
            }
            else
            {
                Assert.Equal(HeapStatus.Success, Heap.Free((void*)blocks[i].Pointer));
            }
        }

        ulong keptFrames = 0;
        foreach ((IntPtr _, int size) in kept)
        {
            keptFrames += (ulong)(size + 4095) / 4096 + 4;
        }

        ulong oldFrames = FramesOf(First);
        Assert.True(oldFrames <= keptFrames, $"the switched-out {from} heap holds {oldFrames} frames for {kept.Count} blocks");
        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);

        // The active heap now gets those frames.
        var fresh = Fill(200, 4);
        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);
        for (int i = 0; i < kept.Count; i++)
        {
            Assert.True(new Span<byte>((void*)kept[i].Pointer, kept[i].Size).IndexOfAnyExcept((byte)(i * 50 + 1)) < 0, "a kept block changed");
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)kept[i].Pointer));
        }

        Assert.Equal(0UL, FramesOf(First)); // retired: not even a spare chunk or slab
        foreach ((IntPtr pointer, int _) in fresh)
        {
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)pointer));
        }

        Assert.Equal(0, Frames.BadFrees);
        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);
    }

    [Theory, MemberData(nameof(Pairs))]
    public void TheEmptyFramesASwitchFindsGoBackAtTheSwitch(string from, string to)
    {
        Boot(from, to);
        var blocks = Fill(600, 5);
        for (int i = 1; i < blocks.Count; i++)
        {
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)blocks[i].Pointer));
        }

        ulong before = FramesOf(First);
        Assert.Equal(ActivationStatus.Success, Switch(to));
        ulong after = FramesOf(First);
        Assert.True(after < before || before <= 2, $"{from} kept {after} of {before} frames at the switch");
        Assert.True(after <= (ulong)(blocks[0].Size + 4095) / 4096 + 4, $"{from} kept {after} frames for one block");
        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);

        // Active again, it keeps spare memory as before; it still serves its block.
        Assert.Equal(ActivationStatus.Success, Switch(from));
        Assert.Equal(HeapStatus.Success, Heap.Free((void*)blocks[0].Pointer));
        Assert.Equal(0, Frames.BadFrees);
    }

    [Theory, MemberData(nameof(Pairs))]
    public void RandomWorkAcrossSwitchesKeepsHeapsAndPmmInAgreement(string from, string to)
    {
        Boot(from, to);
        var random = new Random(from.Length * 31 + to.Length);
        var live = new List<(IntPtr Pointer, int Size, byte Fill)>();
        for (int step = 0; step < 6000; step++)
        {
            if (step % 700 == 699)
            {
                Assert.Equal(ActivationStatus.Success, Switch(Heap.ImplementationName == from ? to : from));
            }

            if (live.Count > 0 && random.Next(5) < 2)
            {
                int index = random.Next(live.Count);
                var (pointer, size, fill) = live[index];
                Assert.True(new Span<byte>((void*)pointer, size).IndexOfAnyExcept(fill) < 0, "block contents changed at step " + step);
                Assert.Equal(HeapStatus.Success, Heap.Free((void*)pointer));
                live[index] = live[^1];
                live.RemoveAt(live.Count - 1);
            }
            else
            {
                int size = random.Next(6) == 0 ? random.Next(1, 20000) : random.Next(1, 500);
                byte fill = (byte)random.Next(256);
                byte* block = (byte*)Heap.Allocate((nuint)size);
                Assert.True(block != null);
                new Span<byte>(block, size).Fill(fill);
                live.Add(((IntPtr)block, size, fill));
            }

            if (step % 250 == 0)
            {
                HeapFrameCheckResult check = Check();
                Assert.True(check.Finding == HeapFrameFinding.Agree, $"step {step}: {check.Finding} at 0x{check.Address.Value:x} ({check.Heap})");
            }
        }

        foreach (var (pointer, _, _) in live)
        {
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)pointer));
        }

        Assert.Equal(HeapFrameFinding.Agree, Check().Finding);
        Assert.Equal(0, Frames.BadFrees);
    }
}
