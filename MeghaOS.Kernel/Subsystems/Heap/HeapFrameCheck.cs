// `pmm check`'s second half: do the kernel heaps and the PMM agree on which frames the heaps hold? Every run of frames
// a heap reports (its chunks, slabs, large blocks, directory, and each implementation's state) must be one live PMM
// allocation of exactly that size owned by the kernel heap, and the PMM must record no other kernel-heap allocation.
// A heap whose frames were freed behind its back (and perhaps handed out again) shows here at once, instead of as a
// corrupted file system later. Shared code: the host tests feed it heaps over a PMM of their own.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory;

/// <summary>What comparing the heaps' frames with the PMM found; the first problem, or agreement.</summary>
public enum HeapFrameFinding
{
    /// <summary>Every run is a kernel-heap allocation of its size, and there are no others.</summary>
    Agree = 0,

    /// <summary>A run's first frame is free, reserved or outside the PMM's frames.</summary>
    RunNotAllocated,

    /// <summary>A run's first frame is allocated but inside an allocation that starts before it.</summary>
    RunNotAllocationStart,

    /// <summary>A run's allocation belongs to another owner than the kernel heap.</summary>
    RunWrongOwner,

    /// <summary>A run's allocation has another frame count than the heap thinks.</summary>
    RunWrongSize,

    /// <summary>The PMM records more or fewer kernel-heap allocations (or frames) than the heaps hold.</summary>
    TotalsDiffer,
}

/// <summary>The result of <see cref="HeapFrameCheck.Check"/>.</summary>
public struct HeapFrameCheckResult
{
    /// <summary>What was found.</summary>
    public HeapFrameFinding Finding;

    /// <summary>For a run finding: the heap implementation that holds the run (null for an implementation's state).</summary>
    public string? Heap;

    /// <summary>For a run finding: its first byte.</summary>
    public PhysicalAddress Address;

    /// <summary>For a run finding: its frame count as the heap sees it.</summary>
    public ulong Frames;

    /// <summary>For a run finding: what the PMM records there (allocation frame count, owner, state).</summary>
    public ulong PmmFrames;

    /// <summary>For <see cref="HeapFrameFinding.RunWrongOwner"/>: the owner the PMM records.</summary>
    public FrameOwner PmmOwner;

    /// <summary>Runs the heaps hold, and their frames.</summary>
    public ulong HeapRuns;

    /// <summary>Frames in the runs the heaps hold.</summary>
    public ulong HeapFrames;

    /// <summary>Kernel-heap allocations the PMM records.</summary>
    public ulong PmmRuns;

    /// <summary>Frames in those allocations.</summary>
    public ulong PmmFramesTotal;
}

/// <summary>Compares the kernel heaps' frames with the PMM's owner records.</summary>
public static unsafe class HeapFrameCheck
{
    /// <summary>
    /// Checks every run of <paramref name="heaps"/> and of <paramref name="stateRuns"/> (the implementations' state)
    /// against <paramref name="pmm"/>, then the totals. <paramref name="frameZero"/> is the address frame 0 has in the
    /// heaps' reports: 0 in the kernel (heaps report physical addresses), a window's base in host tests.
    /// </summary>
    public static HeapFrameCheckResult Check(in FrameStateView pmm, ulong frameZero, ReadOnlySpan<HeapOperations> heaps,
        ReadOnlySpan<PhysicalRange> stateRuns)
    {
        Walk walk = default;
        walk.Pmm = pmm;
        walk.FrameZero = frameZero;
        walk.Heap = -1;
        FrameRunVisitor visitor = new FrameRunVisitor { Context = &walk, Visit = &CheckRun };
        for (int i = 0; i < stateRuns.Length; i++)
        {
            CheckRun(&walk, new PhysicalAddress(stateRuns[i].Base), stateRuns[i].Length / PhysicalAddress.FrameSize);
        }

        for (int i = 0; i < heaps.Length; i++)
        {
            walk.Heap = i;
            heaps[i].VisitFrameRuns(heaps[i].Context, visitor);
        }

        HeapFrameCheckResult result = default;
        result.Finding = walk.Finding;
        result.Heap = walk.Finding != HeapFrameFinding.Agree && walk.FindingHeap >= 0 ? heaps[walk.FindingHeap].Name : null;
        result.Address = walk.Address;
        result.Frames = walk.Frames;
        result.PmmFrames = walk.PmmFrames;
        result.PmmOwner = walk.PmmOwner;
        result.HeapRuns = walk.HeapRuns;
        result.HeapFrames = walk.HeapFrames;
        for (ulong frame = 0; pmm.TryGetNextAllocation(frame, out ulong start, out ulong count); frame = start + 1)
        {
            if (pmm.OwnerAt(start) == FrameOwner.KernelHeap)
            {
                result.PmmRuns++;
                result.PmmFramesTotal += count;
            }
        }

        if (result.Finding == HeapFrameFinding.Agree && (result.PmmRuns != result.HeapRuns || result.PmmFramesTotal != result.HeapFrames))
        {
            result.Finding = HeapFrameFinding.TotalsDiffer;
        }

        return result;
    }

    // The walk's state, on the stack while the heaps report their runs (unmanaged: the visitor gets a pointer to it).
    private struct Walk
    {
        public FrameStateView Pmm;
        public ulong FrameZero;
        public int Heap;
        public ulong HeapRuns;
        public ulong HeapFrames;
        public HeapFrameFinding Finding;
        public int FindingHeap;
        public PhysicalAddress Address;
        public ulong Frames;
        public ulong PmmFrames;
        public FrameOwner PmmOwner;
    }

    // Counts one run and records the first one the PMM disagrees with.
    private static void CheckRun(void* context, PhysicalAddress address, ulong frames)
    {
        Walk* walk = (Walk*)context;
        walk->HeapRuns++;
        walk->HeapFrames += frames;
        if (walk->Finding != HeapFrameFinding.Agree)
        {
            return;
        }

        ulong frame = (address.Value - walk->FrameZero) >> PhysicalAddress.FrameShift;
        HeapFrameFinding finding = HeapFrameFinding.Agree;
        ulong pmmFrames = 0;
        FrameOwner owner = FrameOwner.KernelHeap;
        if (address.Value < walk->FrameZero || !walk->Pmm.TryGetAllocation(frame, out ulong start, out pmmFrames))
        {
            finding = HeapFrameFinding.RunNotAllocated;
        }
        else if (start != frame)
        {
            finding = HeapFrameFinding.RunNotAllocationStart;
        }
        else if ((owner = walk->Pmm.OwnerAt(start)) != FrameOwner.KernelHeap)
        {
            finding = HeapFrameFinding.RunWrongOwner;
        }
        else if (pmmFrames != frames)
        {
            finding = HeapFrameFinding.RunWrongSize;
        }

        if (finding != HeapFrameFinding.Agree)
        {
            walk->Finding = finding;
            walk->FindingHeap = walk->Heap;
            walk->Address = address;
            walk->Frames = frames;
            walk->PmmFrames = pmmFrames;
            walk->PmmOwner = owner;
        }
    }
}
