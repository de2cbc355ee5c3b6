// The worked example of docs/pab.md, checked byte for byte, so the document cannot drift from the code.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;
using Xunit;

public sealed class PabDocumentExampleTests
{
    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void TheWorkedExampleGivesTheDocumentedBytes(string name)
    {
        MemoryRegion[] regions =
        {
            new(0x0000, 0x5000, MemoryRegionType.Usable),
            new(0x3000, 0x0800, MemoryRegionType.Reserved),
            new(0x7800, 0x6000, MemoryRegionType.Usable),
        };
        PhysicalRange kernel = new(0xA000, 0x1000);
        using PmmInstance pmm = PmmInstance.Create(PmmImplementations.Named(name), regions, kernel);

        Assert.Equal(13UL, pmm.Counts.TotalFrames);
        Assert.Equal(new byte[] { 0xE9, 0xE4 }, pmm.Pab);

        // bitmap takes the lowest run (frames 1, 2); buddy the only 2-aligned pair of free frames (8, 9).
        Assert.Equal(PmmStatus.Success, pmm.Allocate(2, 1, out PhysicalAddress address));
        if (name == "buddy")
        {
            Assert.Equal(0x8000UL, address.Value);
            Assert.Equal(new byte[] { 0xE9, 0xE7 }, pmm.Pab);
        }
        else
        {
            Assert.Equal(0x1000UL, address.Value);
            Assert.Equal(new byte[] { 0xEF, 0xE4 }, pmm.Pab);
        }

        Assert.Equal(5UL, pmm.Counts.FreeFrames);
        Assert.Equal(6UL, pmm.Counts.ReservedFrames);
        Assert.Equal(2UL, pmm.Counts.AllocatedFrames);
    }
}
