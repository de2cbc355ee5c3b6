// Model-based randomized test: long seeded sequences of allocations, allocations at an address (valid ones and
// double allocations), splits, valid frees and bad frees (wrong owners among them), each by one of several owners, go
// through the Pmm facade and, in parallel, through ReferenceModel; the active implementation is switched (TakeOver +
// SetOperations) every SwitchInterval steps, cycling through PmmImplementations.All.
//
// What is checked when:
// - every step: the status equals the model's prediction (bad arguments, every free, every allocation at an
//   address), or for an allocation that the PMM refused with OutOfMemory, that the model has no fitting run
//   either; a successful allocation is aligned, in range and lies on frames the model says are free (so no frame is
//   ever handed out twice); the PAB words the step touched equal the model's; the free count equals the model's.
// - every FullCompareInterval steps, at every switch and at the end: the whole PAB (every word, tail bits
//   included) equals the model's, the reserved and allocation-start bitmaps and every allocation's owner agree with
//   the model frame by frame, and all counts agree.
// - every CheckerInterval steps, at every switch and at the end: the implementation's own consistency checker
//   (summary / free lists against the bitmaps).
// Seed and length: MEGHAOS_PMM_SEED and MEGHAOS_PMM_OPS override the defaults; the seed is in every failure message.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;
using static MemoryMaps;

[Collection(PmmFacadeCollection.Name)]
public sealed class RandomizedModelTests : IDisposable
{
    private const int SwitchInterval = 100_000;
    private const int FullCompareInterval = 1_024;
    private const int CheckerInterval = 65_536;
    private const int PhaseLength = 20_000;

    private readonly ITestOutputHelper _output;

    public RandomizedModelTests(ITestOutputHelper output)
    {
        _output = output;
        Pmm.Reset();
    }

    public void Dispose() => Pmm.Reset();

    // 12,288 frames (48 MiB): a firmware hole, a reserved entry with unaligned edges, a named kernel range and a
    // usable entry with an unaligned end, so the reserved frames are scattered through the map.
    private static readonly MemoryRegion[] s_regions =
    {
        Usable(0, 0x9FC00),
        Reserved(0x9FC00, 0x60400),
        Usable(0x100000, 0x1E00000 - 0x100000),
        Reserved(0x1E00000 + 0x123, 0x40000),
        Usable(0x1E00000, 0x3000000 - 0x1E00000 + 0x7FF),
    };

    private static readonly PhysicalRange[] s_named = { new(0x100000, 0x54321) };

    // The owners allocations are made for; frees and splits by the wrong one must be refused.
    private static readonly FrameOwner[] s_owners = { FrameOwner.Kernel, FrameOwner.KernelHeap, FrameOwner.Shell };

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void RandomSequencesMatchTheModel(string startWith)
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MEGHAOS_PMM_SEED"), out int s) ? s : 20240611 + startWith.Length;
        // Each implementation is active for the same share of the run, so both get at least 10^6 operations per case.
        int operations = int.TryParse(Environment.GetEnvironmentVariable("MEGHAOS_PMM_OPS"), out int o)
            ? o
            : 1_000_000 * PmmImplementations.All.Length;
        _output.WriteLine("seed " + seed + ", " + operations + " operations, starting with " + startWith);
        try
        {
            Run(startWith, seed, operations);
        }
        catch (Exception failure)
        {
            throw new XunitException("randomized PMM test failed with MEGHAOS_PMM_SEED=" + seed + " (start " +
                startWith + "): " + failure.Message);
        }
    }

    private void Run(string startWith, int seed, int operations)
    {
        Random random = new(seed);
        ReferenceModel model = new(s_regions, s_named);
        int implementationIndex = Array.FindIndex(PmmImplementations.All, i => i.Name == startWith);
        PmmInstance active = PmmInstance.Create(PmmImplementations.All[implementationIndex], s_regions, s_named);
        Check(Pmm.SetOperations(active.Operations) == PmmStatus.Success, "SetOperations failed");
        Dictionary<string, int> stepsPer = new();
        Dictionary<PmmStatus, int> statuses = new();
        Dictionary<PmmStatus, int> allocateAtStatuses = new();
        Dictionary<PmmStatus, int> splitStatuses = new();
        List<ulong> recentlyFreed = new();
        try
        {
            CompareFully(model, -1);
            for (int step = 0; step < operations; step++)
            {
                if (step > 0 && step % SwitchInterval == 0)
                {
                    implementationIndex = (implementationIndex + 1) % PmmImplementations.All.Length;
                    active = SwitchTo(active, PmmImplementations.All[implementationIndex], model, step);
                }

                stepsPer[Pmm.ImplementationName] = stepsPer.GetValueOrDefault(Pmm.ImplementationName) + 1;

                bool filling = step / PhaseLength % 2 == 0;
                double roll = random.NextDouble();
                PmmStatus status;
                if (roll < (filling ? 0.58 : 0.33))
                {
                    if (random.Next(8) == 0)
                    {
                        status = AllocationAt(random, model, recentlyFreed, step);
                        allocateAtStatuses[status] = allocateAtStatuses.GetValueOrDefault(status) + 1;
                    }
                    else
                    {
                        status = RandomAllocation(random, model, step);
                    }
                }
                else if (roll < 0.9 && model.LiveCount > 0)
                {
                    status = ValidFree(random, model, recentlyFreed, step);
                }
                else if (roll < 0.92)
                {
                    status = Split(random, model, recentlyFreed, step);
                    splitStatuses[status] = splitStatuses.GetValueOrDefault(status) + 1;
                }
                else
                {
                    status = BadFree(random, model, recentlyFreed, step);
                }

                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                Check(Pmm.Counts.FreeFrames == model.FreeFrames, "free count " + Pmm.Counts.FreeFrames + ", model " + model.FreeFrames, step);
                if (step % FullCompareInterval == 0)
                {
                    CompareFully(model, step);
                }

                if (step % CheckerInterval == 0)
                {
                    CheckConsistency(active, step);
                }
            }

            CompareFully(model, operations);
            CheckConsistency(active, operations);
        }
        finally
        {
            Pmm.Reset();
            active.Dispose();
        }

        foreach (KeyValuePair<string, int> pair in stepsPer)
        {
            _output.WriteLine(pair.Key + ": " + pair.Value + " operations");
        }

        foreach (KeyValuePair<PmmStatus, int> pair in statuses)
        {
            _output.WriteLine(pair.Key + ": " + pair.Value);
        }

        foreach (KeyValuePair<PmmStatus, int> pair in allocateAtStatuses)
        {
            _output.WriteLine("allocate at an address, " + pair.Key + ": " + pair.Value);
        }

        foreach (KeyValuePair<PmmStatus, int> pair in splitStatuses)
        {
            _output.WriteLine("split, " + pair.Key + ": " + pair.Value);
        }

        // The generator must actually reach every outcome, or the test proves less than it claims.
        foreach (PmmStatus expected in new[] { PmmStatus.Success, PmmStatus.OutOfMemory, PmmStatus.ZeroCount,
            PmmStatus.InvalidAlignment, PmmStatus.MisalignedAddress, PmmStatus.AddressOutOfRange, PmmStatus.FrameReserved,
            PmmStatus.DoubleFree, PmmStatus.NotAllocated, PmmStatus.NotAllocationStart, PmmStatus.CountMismatch,
            PmmStatus.AlreadyAllocated, PmmStatus.WrongOwner })
        {
            Check(statuses.GetValueOrDefault(expected) > 0 || operations < 100_000, "no step ended with " + expected);
        }

        foreach (PmmStatus expected in new[] { PmmStatus.Success, PmmStatus.AlreadyAllocated, PmmStatus.FrameReserved,
            PmmStatus.ZeroCount, PmmStatus.MisalignedAddress, PmmStatus.AddressOutOfRange })
        {
            Check(allocateAtStatuses.GetValueOrDefault(expected) > 0 || operations < 100_000, "no allocation at an address ended with " + expected);
        }

        foreach (PmmStatus expected in new[] { PmmStatus.Success, PmmStatus.WrongOwner, PmmStatus.FrameReserved,
            PmmStatus.DoubleFree, PmmStatus.NotAllocated, PmmStatus.MisalignedAddress, PmmStatus.AddressOutOfRange })
        {
            Check(splitStatuses.GetValueOrDefault(expected) > 0 || operations < 100_000, "no split ended with " + expected);
        }

        foreach (PmmImplementation implementation in PmmImplementations.All)
        {
            Check(operations < 1_000_000 * PmmImplementations.All.Length || stepsPer.GetValueOrDefault(implementation.Name) >= 1_000_000,
                implementation.Name + " ran fewer than 10^6 operations");
        }
    }

    private static PmmInstance SwitchTo(PmmInstance active, PmmImplementation next, ReferenceModel model, int step)
    {
        CheckConsistency(active, step);
        byte[] pab = Pmm.Pab.ToArray();
        PmmInstance taken = PmmInstance.TakeOver(next, Pmm.State);
        Check(Pmm.SetOperations(taken.Operations) == PmmStatus.Success, "SetOperations to " + next.Name + " failed", step);
        Check(Pmm.ImplementationName == next.Name, "active implementation is " + Pmm.ImplementationName, step);
        Check(pab.AsSpan().SequenceEqual(Pmm.Pab), "PAB changed at the switch to " + next.Name, step);
        active.Dispose();
        CompareFully(model, step);
        CheckConsistency(taken, step);
        return taken;
    }

    private static PmmStatus RandomAllocation(Random random, ReferenceModel model, int step)
    {
        int kind = random.Next(1000);
        ulong count = kind < 700 ? 1 : kind < 900 ? (ulong)random.Next(2, 9) : kind < 980 ? (ulong)random.Next(9, 65) : (ulong)random.Next(65, 400);
        int alignmentKind = random.Next(1000);
        ulong alignment = alignmentKind < 600 ? 1 : alignmentKind < 990 ? 1UL << random.Next(1, 8) : (ulong)new[] { 0, 3, 6, 12, 100 }[random.Next(5)];
        if (random.Next(200) == 0)
        {
            count = 0;
        }

        FrameOwner owner = s_owners[random.Next(s_owners.Length)];
        PmmStatus status = Pmm.Allocate(count, alignment, owner, out PhysicalAddress address);
        PmmStatus? badArguments = ReferenceModel.PredictAllocationArguments(count, alignment);
        if (badArguments != null)
        {
            Check(status == badArguments, "allocate(" + count + ", " + alignment + ") returned " + status + ", expected " + badArguments, step);
            Check(address.IsNull, "failed allocation wrote an address", step);
            return status;
        }

        if (status == PmmStatus.OutOfMemory)
        {
            Check(address.IsNull, "failed allocation wrote an address", step);
            Check(!model.HasFit(count, alignment), "allocate(" + count + ", " + alignment + ") was refused although a run fits", step);
            return status;
        }

        Check(status == PmmStatus.Success, "allocate(" + count + ", " + alignment + ") returned " + status, step);
        Check(address.IsFrameAligned, "address " + address.Value + " is not frame aligned", step);
        ulong first = address.FrameNumber;
        string? problem = model.ApplyAllocation(first, count, alignment, owner);
        Check(problem == null, problem ?? string.Empty, step);
        CompareWords(model, first, count, step);
        return status;
    }

    // An allocation at an address: mostly runs starting at a free frame (valid unless they run into taken frames),
    // double allocations of live or recently freed frames, and bad addresses and counts.
    private static PmmStatus AllocationAt(Random random, ReferenceModel model, List<ulong> recentlyFreed, int step)
    {
        ulong frameCount = model.FrameCount;
        ulong address;
        ulong count = random.Next(4) == 0 ? (ulong)random.Next(2, 70) : 1;
        switch (random.Next(12))
        {
            case 0: // double allocation: a live allocation, from its start or inside it
            case 1:
                if (model.LiveCount == 0)
                {
                    goto default;
                }

                (ulong start, ulong length) = model.Live(random.Next(model.LiveCount));
                address = PhysicalAddress.FromFrame(start + (ulong)random.NextInt64((long)length)).Value;
                break;
            case 2: // a recently freed frame: free again (valid) or handed out again meanwhile (double allocation)
                address = RecentlyFreedAddress(random, recentlyFreed);
                break;
            case 3: // a reserved frame, or a run starting just before one
                ulong reserved = model.ReservedFrameList[random.Next(model.ReservedFrameList.Length)];
                address = PhysicalAddress.FromFrame(reserved > count ? reserved - (ulong)random.NextInt64((long)count) : reserved).Value;
                break;
            case 4: // an address inside a frame
                address = AddressInsideAFrame(random, frameCount);
                break;
            case 5: // beyond the end, or running past it
                address = PhysicalAddress.FromFrame(random.Next(2) == 0 ? frameCount + (ulong)random.Next(0, 1000) : frameCount - 1).Value;
                count = random.Next(2) == 0 ? 2 : ulong.MaxValue;
                break;
            case 6: // zero frames
                address = PhysicalAddress.FromFrame((ulong)random.NextInt64((long)frameCount)).Value;
                count = 0;
                break;
            default: // a run starting at a free frame
                ulong free = model.NextFreeFrom((ulong)random.NextInt64((long)frameCount));
                address = PhysicalAddress.FromFrame(free < frameCount ? free : model.NextFreeFrom(1)).Value;
                break;
        }

        PmmStatus expected = model.PredictAllocateAt(address, count);
        FrameOwner owner = s_owners[random.Next(s_owners.Length)];
        PmmStatus status = Pmm.AllocateAt(new PhysicalAddress(address), count, owner);
        Check(status == expected, "allocateAt(address " + address + ", " + count + ") returned " + status + ", model expects " + expected, step);
        ulong first = address / PhysicalAddress.FrameSize;
        if (status == PmmStatus.Success)
        {
            string? problem = model.ApplyAllocation(first, count, 1, owner);
            Check(problem == null, problem ?? string.Empty, step);
        }

        if (first < frameCount)
        {
            CompareWords(model, first, Math.Min(count == 0 ? 1 : count, frameCount - first), step);
        }

        return status;
    }

    private static PmmStatus ValidFree(Random random, ReferenceModel model, List<ulong> recentlyFreed, int step)
    {
        (ulong first, ulong count) = model.Live(random.Next(model.LiveCount));
        PmmStatus status = Pmm.Deallocate(PhysicalAddress.FromFrame(first), count, model.OwnerOf(first));
        Check(status == PmmStatus.Success, "free(" + first + ", " + count + ") returned " + status, step);
        model.ApplyFree(first);
        CompareWords(model, first, count, step);
        if (recentlyFreed.Count < 64)
        {
            recentlyFreed.Add(first);
        }
        else
        {
            recentlyFreed[random.Next(64)] = first;
        }

        return status;
    }

    private static PmmStatus BadFree(Random random, ReferenceModel model, List<ulong> recentlyFreed, int step)
    {
        ulong frameCount = model.FrameCount;
        ulong address;
        ulong count = 1;
        FrameOwner owner = s_owners[random.Next(s_owners.Length)];
        switch (random.Next(9))
        {
            case 0: // double free (or a frame handed out again meanwhile: the model predicts whichever it is)
                address = RecentlyFreedAddress(random, recentlyFreed);
                break;
            case 1: // any frame, most of them never allocated
                address = PhysicalAddress.FromFrame((ulong)random.NextInt64((long)frameCount)).Value;
                count = (ulong)random.Next(1, 4);
                break;
            case 2: // wrong count
                if (model.LiveCount == 0)
                {
                    goto case 1;
                }

                (ulong first, ulong liveCount) = model.Live(random.Next(model.LiveCount));
                address = PhysicalAddress.FromFrame(first).Value;
                count = random.Next(2) == 0 && liveCount > 1 ? liveCount - (ulong)random.Next(1, (int)Math.Min(liveCount, 4)) : liveCount + (ulong)random.Next(1, 4);
                break;
            case 3: // from the middle of an allocation
                if (model.LiveCount == 0)
                {
                    goto case 1;
                }

                (ulong start, ulong length) = model.Live(random.Next(model.LiveCount));
                address = PhysicalAddress.FromFrame(start + (length > 1 ? (ulong)random.Next(1, (int)length) : 0)).Value;
                count = length > 1 ? 1 : length + 1;
                break;
            case 4: // a reserved frame
                address = ReservedAddress(random, model);
                break;
            case 5: // an address inside a frame
                address = AddressInsideAFrame(random, frameCount);
                break;
            case 6: // beyond the end, or running past it
                address = PhysicalAddress.FromFrame(random.Next(2) == 0 ? frameCount + (ulong)random.Next(0, 1000) : frameCount - 1).Value;
                count = random.Next(2) == 0 ? 2 : ulong.MaxValue;
                break;
            case 7: // someone else's allocation, with its count or another
                if (model.LiveCount == 0)
                {
                    goto case 1;
                }

                (ulong other, ulong otherCount) = model.Live(random.Next(model.LiveCount));
                address = PhysicalAddress.FromFrame(other).Value;
                count = random.Next(4) == 0 ? otherCount + 1 : otherCount;
                owner = s_owners[((int)model.OwnerOf(other) + random.Next(1, s_owners.Length)) % s_owners.Length];
                break;
            default: // zero frames
                address = PhysicalAddress.FromFrame((ulong)random.NextInt64((long)frameCount)).Value;
                count = 0;
                break;
        }

        PmmStatus expected = model.PredictFree(address, count, owner);
        PmmStatus status = Pmm.Deallocate(new PhysicalAddress(address), count, owner);
        Check(status == expected, "free(address " + address + ", " + count + ") returned " + status + ", model expects " + expected, step);
        if (status == PmmStatus.Success)
        {
            model.ApplyFree(address / PhysicalAddress.FrameSize);
        }

        if (address / PhysicalAddress.FrameSize < frameCount)
        {
            CompareWords(model, address / PhysicalAddress.FrameSize, Math.Min(count == 0 ? 1 : count, frameCount - address / PhysicalAddress.FrameSize), step);
        }

        return status;
    }

    // A split: mostly inside a live allocation by its owner (or at its start, which changes nothing), sometimes by
    // another owner, at a free, reserved, misaligned or out-of-range frame.
    private static PmmStatus Split(Random random, ReferenceModel model, List<ulong> recentlyFreed, int step)
    {
        ulong frameCount = model.FrameCount;
        ulong address;
        FrameOwner owner = s_owners[random.Next(s_owners.Length)];
        switch (random.Next(10))
        {
            case 0: // a recently freed frame
                address = RecentlyFreedAddress(random, recentlyFreed);
                break;
            case 1: // any frame, most of them never allocated
                address = PhysicalAddress.FromFrame((ulong)random.NextInt64((long)frameCount)).Value;
                break;
            case 2: // a reserved frame
                address = ReservedAddress(random, model);
                break;
            case 3: // an address inside a frame
                address = AddressInsideAFrame(random, frameCount);
                break;
            case 4: // beyond the end
                address = PhysicalAddress.FromFrame(frameCount + (ulong)random.Next(0, 1000)).Value;
                break;
            default: // inside (or at the start of) a live allocation, usually by its owner
                if (model.LiveCount == 0)
                {
                    goto case 1;
                }

                (ulong start, ulong length) = model.Live(random.Next(model.LiveCount));
                address = PhysicalAddress.FromFrame(start + (ulong)random.NextInt64((long)length)).Value;
                owner = random.Next(5) == 0 ? owner : model.OwnerOf(start);
                break;
        }

        PmmStatus expected = model.PredictSplit(address, owner);
        PmmStatus status = Pmm.Split(new PhysicalAddress(address), owner);
        Check(status == expected, "split(address " + address + ") by " + owner + " returned " + status + ", model expects " + expected, step);
        if (status == PmmStatus.Success)
        {
            model.ApplySplit(address / PhysicalAddress.FrameSize);
        }

        return status;
    }

    // The first byte of a recently freed frame (frame 1 before any free).
    private static ulong RecentlyFreedAddress(Random random, List<ulong> recentlyFreed) =>
        PhysicalAddress.FromFrame(recentlyFreed.Count > 0 ? recentlyFreed[random.Next(recentlyFreed.Count)] : 1).Value;

    // An address inside a frame, never its first byte.
    private static ulong AddressInsideAFrame(Random random, ulong frameCount) =>
        PhysicalAddress.FromFrame((ulong)random.NextInt64((long)frameCount)).Value + (ulong)random.Next(1, 4096);

    // The first byte of a reserved frame.
    private static ulong ReservedAddress(Random random, ReferenceModel model) =>
        PhysicalAddress.FromFrame(model.ReservedFrameList[random.Next(model.ReservedFrameList.Length)]).Value;

    // Compares the PAB words that hold frames [first, first + count) with the model.
    private static unsafe void CompareWords(ReferenceModel model, ulong first, ulong count, int step)
    {
        ulong* pab = Pmm.State.Pab;
        for (ulong word = first / 64; word <= (first + count - 1) / 64; word++)
        {
            Check(pab[word] == model.ExpectedPab[word], "PAB word " + word + " is " + pab[word].ToString("X16") +
                ", model " + model.ExpectedPab[word].ToString("X16"), step);
        }
    }

    private static unsafe void CompareFully(ReferenceModel model, int step)
    {
        FrameStateView state = Pmm.State;
        Check(state.FrameCount == model.FrameCount, "frame count " + state.FrameCount, step);
        for (ulong word = 0; word < state.WordCount; word++)
        {
            Check(state.Pab[word] == model.ExpectedPab[word], "PAB word " + word + " differs", step);
        }

        for (ulong frame = 0; frame < model.FrameCount; frame++)
        {
            bool reserved = FrameBitmap.Test(state.Reserved, frame);
            Check(reserved == Array.BinarySearch(model.ReservedFrameList, frame) >= 0, "reserved bit of frame " + frame, step);
            Check(FrameBitmap.Test(state.AllocationStarts, frame) == model.IsAllocationStart(frame), "start bit of frame " + frame, step);
            Check(!model.IsAllocationStart(frame) || state.OwnerAt(frame) == model.OwnerOf(frame), "owner of the allocation at frame " + frame, step);
            Check(FrameBitmap.Test(state.EverAllocated, frame) == model.WasEverAllocated(frame), "ever-allocated bit of frame " + frame, step);
        }

        PmmCounts counts = Pmm.Counts;
        Check(counts.TotalFrames == model.FrameCount && counts.FreeFrames == model.FreeFrames &&
            counts.ReservedFrames == model.ReservedFrames, "counts differ", step);
    }

    private static void CheckConsistency(PmmInstance instance, int step)
    {
        PmmConsistency result = instance.Implementation.CheckConsistency(instance.Operations);
        Check(result == PmmConsistency.Consistent, instance.Implementation.Name + " checker: " + result, step);
    }

    // Assert.True formats a message even when it passes; this does not, which matters at millions of steps.
    private static void Check(bool condition, string message, int step = -1)
    {
        if (!condition)
        {
            throw new XunitException("step " + step + ": " + message);
        }
    }
}
