// The consistency checkers must notice corruption, or the tests that rely on them prove nothing. Each case damages
// one invariant of a healthy instance and expects exactly the matching finding: the shared findings for every
// implementation of the catalog, each implementation's own findings for it. A last test makes sure every finding
// PmmConsistency names is provoked by at least one case.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed unsafe class ConsistencyCheckerTests
{
    // A free order-0 block sits at frame 5 (frame 4 was taken out of a larger block), frames 500-509 are reserved,
    // and frames 64-68 are one 5-frame allocation that starts a word.
    private const ulong SingleFrame = 4;
    private const ulong RunStart = 64;
    private const ulong ReservedFrame = 500;

    /// <summary>Damage done to a healthy instance, and the finding it must give.</summary>
    public sealed record Corruption(string Description, PmmConsistency Finding, Action<PmmInstance> Damage)
    {
        public override string ToString() => Description;
    }

    /// <summary>Damage to the shared bitmaps and counts, which every implementation must notice.</summary>
    public static IEnumerable<Corruption> SharedCorruptions => new Corruption[]
    {
        new("a cleared tail bit", PmmConsistency.TailBitsWrong, pmm => pmm.State.Reserved[15] &= ~(1UL << 63)),
        new("a reserved frame free in the PAB", PmmConsistency.ReservedNotInPab, pmm => FrameBitmap.Clear(pmm.State.Pab, ReservedFrame)),
        new("a reserved frame marked ever allocated", PmmConsistency.ReservedEverAllocated, pmm => FrameBitmap.Set(pmm.State.EverAllocated, ReservedFrame)),
        new("a start bit on a free frame", PmmConsistency.StartNotAllocated, pmm => FrameBitmap.Set(pmm.State.AllocationStarts, 200)),
        new("an allocated frame never marked", PmmConsistency.AllocatedNeverMarked, pmm => FrameBitmap.Clear(pmm.State.EverAllocated, RunStart + 2)),
        new("an allocation without its start bit", PmmConsistency.AllocationWithoutStart, pmm => FrameBitmap.Clear(pmm.State.AllocationStarts, RunStart)),
        new("a free count one too high", PmmConsistency.CountsWrong, pmm => Table(pmm)->FreeFrames++),
        new("a reserved count one too low", PmmConsistency.CountsWrong, pmm => Table(pmm)->ReservedFrames--),
        new("a group with frame 0 marked wholly free", PmmConsistency.FreeGroupIndexWrong, pmm => Table(pmm)->FreeGroups.Level(1)[0] |= 1),
        new("a wholly free group not marked", PmmConsistency.FreeGroupIndexWrong, pmm => Table(pmm)->FreeGroups.Level(1)[0] &= ~(1UL << 4)),
    };

    /// <summary>Damage to one implementation's index, which that implementation must notice.</summary>
    public static IEnumerable<(string Implementation, Corruption Corruption)> IndexCorruptions => new (string, Corruption)[]
    {
        ("bitmap", new("a summary bit flipped", PmmConsistency.SummaryWrong, pmm => Bitmap(pmm)->Summary.Level(1)[0] ^= 1)),
        ("bitmap", new("the lowest free word cached too high", PmmConsistency.FirstFreeWordWrong, pmm => Bitmap(pmm)->FirstFreeWord++)),
        ("buddy", new("a listed block with the wrong order byte", PmmConsistency.FreeListWrong, pmm => BuddyFreeOrder(pmm)[SingleFrame + 1] = 4)),
        ("buddy", new("a listed block allocated in the PAB", PmmConsistency.FreeListWrong, pmm => AllocateInTableOnly(pmm, SingleFrame + 1))),
        ("buddy", new("a free frame on no list", PmmConsistency.FreeListCoverageWrong, pmm => FreeInTableOnly(pmm, SingleFrame))),
        ("buddy", new("two free buddies left unmerged", PmmConsistency.BuddiesNotMerged, pmm => FreeUnmerged(pmm, SingleFrame))),
        ("stack", new("an allocated frame on the stack", PmmConsistency.FreeStackWrong, pmm => Stack(pmm)->Stack[0] = (uint)SingleFrame)),
        ("stack", new("a slot index pointing elsewhere", PmmConsistency.FreeStackWrong, pmm => Stack(pmm)->Slot[Stack(pmm)->Stack[1]] = 0)),
        ("stack", new("a free frame missing from the stack", PmmConsistency.FreeStackDepthWrong, pmm => FreeInTableOnly(pmm, SingleFrame))),
        ("stack", new("the stack one too shallow", PmmConsistency.FreeStackDepthWrong, pmm => Stack(pmm)->Depth--)),
        ("cached", new("a held frame's owner byte overwritten", PmmConsistency.FrameCacheWrong, pmm => TakeFromCacheInTableOnly(pmm, SingleFrame))),
    };

    public static TheoryData<string, Corruption> SharedCases
    {
        get
        {
            TheoryData<string, Corruption> data = new();
            foreach (PmmImplementation implementation in PmmImplementations.All)
            {
                foreach (Corruption corruption in SharedCorruptions)
                {
                    data.Add(implementation.Name, corruption);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, Corruption> IndexCases
    {
        get
        {
            TheoryData<string, Corruption> data = new();
            foreach ((string implementation, Corruption corruption) in IndexCorruptions)
            {
                data.Add(implementation, corruption);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void EverySharedFindingIsFoundByEveryImplementation(string name, Corruption corruption)
    {
        using PmmInstance pmm = Healthy(name);
        corruption.Damage(pmm);

        Assert.Equal(corruption.Finding, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(IndexCases))]
    public void EveryIndexFindingIsFoundByItsImplementation(string name, Corruption corruption)
    {
        using PmmInstance pmm = Healthy(name);
        corruption.Damage(pmm);

        Assert.Equal(corruption.Finding, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AnotherImplementationsTableIsRefused(string name)
    {
        using PmmInstance pmm = Healthy(name);
        foreach (PmmImplementation other in PmmImplementations.All.Where(other => other.Name != name))
        {
            Assert.Equal(PmmConsistency.WrongImplementation, other.CheckConsistency(pmm.Operations));
        }

        // The name is not what identifies an implementation: a table that only copies the name is refused too.
        PmmOperations impostor = pmm.Operations;
        impostor.Allocate = PmmImplementations.All.First(other => other.Name != name).Allocate;
        Assert.Equal(PmmConsistency.WrongImplementation, pmm.Implementation.CheckConsistency(impostor));
    }

    [Fact]
    public void EveryFindingIsProvokedByAtLeastOneCase()
    {
        var covered = new HashSet<PmmConsistency>(SharedCorruptions.Select(corruption => corruption.Finding))
        {
            PmmConsistency.Consistent,
            PmmConsistency.WrongImplementation,
        };
        covered.UnionWith(IndexCorruptions.Select(entry => entry.Corruption.Finding));

        PmmConsistency[] uncovered = Enum.GetValues<PmmConsistency>().Where(finding => !covered.Contains(finding)).ToArray();
        Assert.True(uncovered.Length == 0, "no corruption case provokes: " + string.Join(", ", uncovered));
        Assert.All(IndexCorruptions, entry => Assert.Contains(entry.Implementation, PmmImplementations.All.Select(implementation => implementation.Name)));
    }

    private static PmmInstance Healthy(string name)
    {
        PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1000), Frames(ReservedFrame, 10));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(SingleFrame, 1));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(RunStart, 5));
        pmm.AllocateFrames(1);
        pmm.AssertConsistent();
        return pmm;
    }

    private static PmmConsistency Check(PmmInstance pmm) => pmm.Implementation.CheckConsistency(pmm.Operations);

    private static FrameTable* Table(PmmInstance pmm) => (FrameTable*)pmm.Operations.Context;

    private static BitmapContext* Bitmap(PmmInstance pmm) => (BitmapContext*)pmm.Operations.Context;

    private static FrameStackContext* Stack(PmmInstance pmm) => (FrameStackContext*)pmm.Operations.Context;

    // The cached PMM: the single frame is freed into its front cache (the cache now owns it), then its owner byte
    // says someone else's, so giving it back (which the check does first) is refused.
    private static void TakeFromCacheInTableOnly(PmmInstance pmm, ulong frame)
    {
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        Assert.Equal(1UL, ((CachedContext*)pmm.Operations.Context)->Depth);
        Table(pmm)->Owners[frame] = (byte)FrameOwner.Shell;
    }

    // The buddy's order bytes (order + 1 for a frame that heads a free block). The free lists keep their arrays
    // private, so the test reads the pointer the way a debugger would.
    private static byte* BuddyFreeOrder(PmmInstance pmm)
    {
        BuddyFreeLists lists = ((BuddyContext*)pmm.Operations.Context)->Lists;
        FieldInfo field = typeof(BuddyFreeLists).GetField("_freeOrder", BindingFlags.NonPublic | BindingFlags.Instance)!;
        return (byte*)Pointer.Unbox(field.GetValue(lists)!);
    }

    // The frame becomes a single-frame allocation in the shared table; the index is not told.
    private static void AllocateInTableOnly(PmmInstance pmm, ulong frame)
    {
        FrameBitmap.Set(pmm.State.Pab, frame);
        FrameBitmap.Set(pmm.State.AllocationStarts, frame);
        FrameBitmap.Set(pmm.State.EverAllocated, frame);
        Table(pmm)->FreeFrames--;
    }

    // The single-frame allocation at the frame is freed in the shared table; the index is not told.
    private static void FreeInTableOnly(PmmInstance pmm, ulong frame)
    {
        FrameBitmap.Clear(pmm.State.Pab, frame);
        FrameBitmap.Clear(pmm.State.AllocationStarts, frame);
        Table(pmm)->FreeFrames++;
    }

    // Frees the frame and puts it on the order-0 list beside its free buddy without merging them.
    private static void FreeUnmerged(PmmInstance pmm, ulong frame)
    {
        FreeInTableOnly(pmm, frame);
        BuddyFreeLists* lists = &((BuddyContext*)pmm.Operations.Context)->Lists;
        Assert.Equal(0, lists->FreeOrderOf(frame ^ 1));
        uint head = lists->Head(0);
        FieldInfo nextField = typeof(BuddyFreeLists).GetField("_next", BindingFlags.NonPublic | BindingFlags.Instance)!;
        FieldInfo previousField = typeof(BuddyFreeLists).GetField("_previous", BindingFlags.NonPublic | BindingFlags.Instance)!;
        FieldInfo headsField = typeof(BuddyFreeLists).GetField("_heads", BindingFlags.NonPublic | BindingFlags.Instance)!;
        uint* next = (uint*)Pointer.Unbox(nextField.GetValue(*lists)!);
        uint* previous = (uint*)Pointer.Unbox(previousField.GetValue(*lists)!);
        uint* heads = (uint*)Pointer.Unbox(headsField.GetValue(*lists)!);
        next[frame] = head;
        previous[frame] = BuddyFreeLists.NoFrame;
        previous[head] = (uint)frame;
        heads[0] = (uint)frame;
        BuddyFreeOrder(pmm)[frame] = 1;
    }
}
