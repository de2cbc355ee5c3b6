// Runs of 64 frames or more aligned to 64 or more, which every implementation finds (or refuses) through the shared
// free-group index: on a map where every other frame is free, only the wholly free 64-frame groups can start such a
// run. Each case checks the status, that the run was free and aligned, that a refusal changed nothing, and that the
// checker (which checks the index against the PAB) still finds the instance consistent.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed class AlignedRunContractTests
{
    private const ulong Groups = 64;

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void WithNoWhollyFreeGroupAlignedRunsAreRefusedAndNothingChanges(string name)
    {
        using PmmInstance pmm = HalfFree(name);
        PmmSnapshot before = pmm.Snapshot();

        foreach ((ulong count, ulong alignment) in new (ulong, ulong)[] { (64, 64), (65, 64), (128, 64), (64, 128), (640, 512) })
        {
            Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(count, alignment, out PhysicalAddress address));
            Assert.True(address.IsNull);
        }

        Assert.Equal(before, pmm.Snapshot());
        pmm.AssertConsistent();
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AlignedRunsAreFoundOnlyInWhollyFreeGroups(string name)
    {
        using PmmInstance pmm = HalfFree(name);

        // Groups 9, 10, 11 and 13 become wholly free; frame 768 (group 12's first) is free, frame 769 is not.
        foreach (ulong group in new ulong[] { 9, 10, 11, 13 })
        {
            for (ulong frame = group * 64 + 1; frame < group * 64 + 64; frame += 2)
            {
                Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
            }
        }

        pmm.AssertConsistent();
        ExpectRun(pmm, 64, 128, new ulong[] { 640 });
        ExpectRun(pmm, 192, 64, new ulong[] { 576 });
        ExpectRun(pmm, 193, 64, new ulong[] { 576 });
        ExpectRun(pmm, 65, 64, new ulong[] { 576, 640 });
        ExpectRun(pmm, 64, 64, new ulong[] { 576, 640, 704, 832 });
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(194, 64, out _));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(256, 64, out _));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(64, 512, out _));

        // Taking groups one by one through the index, then freeing them, keeps the index exact.
        ulong[] taken = new ulong[4];
        for (int i = 0; i < taken.Length; i++)
        {
            taken[i] = pmm.AllocateFrames(64, 64);
            pmm.AssertConsistent();
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(64, 64, out _));
        foreach (ulong first in taken)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, 64));
        }

        pmm.AssertConsistent();
        ExpectRun(pmm, 192, 64, new ulong[] { 576 });
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void GroupsFarApartAreFoundThroughEveryLevelOfTheIndex(string name)
    {
        // 8192 groups: the index has three levels (128 words, 2 words, 1 word).
        const ulong groups = 8192;
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(groups * 64));
        for (ulong group = 1; group < groups; group++)
        {
            Assert.Equal(PmmStatus.Success, pmm.Allocate(64, 64, out _));
        }

        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(64, 64, out _));
        pmm.AssertConsistent();

        // Two single groups far apart, then a pair: a failed candidate (group 100, group 101 taken) sends the search
        // up the levels to the next wholly free group.
        foreach (ulong group in new ulong[] { 100, 5000, 8000, 8001 })
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(group * 64, 64));
        }

        pmm.AssertConsistent();
        ExpectRun(pmm, 128, 64, new ulong[] { 8000 * 64 });
        ExpectRun(pmm, 64, 64, new ulong[] { 100 * 64, 5000 * 64, 8000 * 64, 8001 * 64 });
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(192, 64, out _));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(100 * 64, 64));
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(5000 * 64, 64));
        ExpectRun(pmm, 64, 64, new ulong[] { 8000 * 64, 8001 * 64 });
        Assert.Equal(PmmStatus.Success, pmm.AllocateFramesAt(8000 * 64, 128));
        Assert.Equal(PmmStatus.OutOfMemory, pmm.Allocate(64, 64, out _));
        pmm.AssertConsistent();
    }

    // Every frame allocated one by one, then every even frame freed (frame 0 stays reserved): half the memory is
    // free, no two neighbours are, and no 64-frame group is wholly free.
    private static PmmInstance HalfFree(string name)
    {
        PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(Groups * 64));
        while (pmm.Allocate(1, 1, out _) == PmmStatus.Success)
        {
        }

        for (ulong frame = 2; frame < Groups * 64; frame += 2)
        {
            Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(frame, 1));
        }

        pmm.AssertConsistent();
        return pmm;
    }

    // The allocation succeeds at one of the expected starts (first fit gives the lowest; the buddy may give another
    // block that fits), aligned, and frees again.
    private static void ExpectRun(PmmInstance pmm, ulong count, ulong alignment, ulong[] starts)
    {
        ulong first = pmm.AllocateFrames(count, alignment);
        Assert.Contains(first, starts);
        Assert.Equal(0UL, first % alignment);
        pmm.AssertConsistent();
        Assert.Equal(PmmStatus.Success, pmm.DeallocateFrames(first, count));
        pmm.AssertConsistent();
    }
}
