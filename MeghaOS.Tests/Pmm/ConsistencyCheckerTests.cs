// The consistency checkers must notice corruption, or the tests that rely on them prove nothing: each test here
// damages one invariant of a healthy instance and expects the matching finding.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;
using static MemoryMaps;

public sealed unsafe class ConsistencyCheckerTests
{
    private static PmmInstance Healthy(string name)
    {
        PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), Flat(1000), Frames(500, 10));
        pmm.AllocateFrames(7);
        pmm.AllocateFrames(1);
        pmm.AssertConsistent();
        return pmm;
    }

    private static PmmConsistency Check(PmmInstance pmm) => pmm.Implementation.CheckConsistency(pmm.Operations);

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AFreeBitFlippedInThePabIsFound(string name)
    {
        using PmmInstance pmm = Healthy(name);
        pmm.State.Pab[10] |= 1UL << 3; // frame 643 looks taken, but nothing allocated it

        Assert.NotEqual(PmmConsistency.Consistent, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AClearedTailBitIsFound(string name)
    {
        using PmmInstance pmm = Healthy(name);
        pmm.State.Reserved[15] &= ~(1UL << 63);

        Assert.Equal(PmmConsistency.TailBitsWrong, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AStartBitOnAFreeFrameIsFound(string name)
    {
        using PmmInstance pmm = Healthy(name);
        pmm.State.AllocationStarts[12] |= 1;

        Assert.Equal(PmmConsistency.StartNotAllocated, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AnAllocationWithoutItsStartBitIsFound(string name)
    {
        using PmmInstance pmm = Healthy(name);
        ulong first = pmm.AllocateFrames(5, 64); // frame 63 before it is free, so it cannot pass for a continuation
        FrameBitmap.Clear(pmm.State.AllocationStarts, first);

        Assert.Equal(PmmConsistency.AllocationWithoutStart, Check(pmm));
    }

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void AnotherImplementationsTableIsRefused(string name)
    {
        using PmmInstance pmm = Healthy(name);
        PmmImplementation other = PmmImplementations.All[0].Name == name ? PmmImplementations.All[1] : PmmImplementations.All[0];

        Assert.Equal(PmmConsistency.WrongImplementation, other.CheckConsistency(pmm.Operations));
    }
}
