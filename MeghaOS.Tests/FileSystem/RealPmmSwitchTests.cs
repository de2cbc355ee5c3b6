// Switching between the real PMMs by writing /sys/pmm/implementation, as a user does in the shell: every allocation
// survives, /dev/pab reads identically, and allocation keeps working after each switch; the cached PMM's files show
// exactly what callers hold while its front cache holds frames.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Linq;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class RealPmmSwitchTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void BitmapToBuddyToBitmapKeepsThePab()
    {
        Assert.Equal(CatalogText.PmmList("bitmap"), KernelHarness.ReadText("/sys/pmm/implementation"));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 1, FrameOwner.Kernel, out PhysicalAddress a));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(3, 4, FrameOwner.Kernel, out PhysicalAddress b));
        byte[] before = KernelHarness.ReadAll("/dev/pab");
        Assert.Equal(Pmm.Pab.ToArray(), before);

        Assert.Equal("", KernelHarness.Run("echo buddy > /sys/pmm/implementation"));
        Assert.Equal("buddy", Pmm.ImplementationName);
        Assert.Equal(CatalogText.PmmList("buddy"), KernelHarness.ReadText("/sys/pmm/implementation"));
        Assert.Equal(before, KernelHarness.ReadAll("/dev/pab"));

        // Allocation and free keep working in buddy, including frames allocated under bitmap.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(8, 8, FrameOwner.Kernel, out PhysicalAddress c));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(a, 16, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.DoubleFree, Pmm.Deallocate(a, 16, FrameOwner.Kernel));
        byte[] middle = KernelHarness.ReadAll("/dev/pab");

        Assert.Equal("", KernelHarness.Run("echo bitmap > /sys/pmm/implementation"));
        Assert.Equal("bitmap", Pmm.ImplementationName);
        Assert.Equal(middle, KernelHarness.ReadAll("/dev/pab"));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(b, 3, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(c, 8, FrameOwner.Kernel));
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 1, FrameOwner.Kernel, out _));

        Assert.Equal("echo: /sys/pmm/implementation: invalid argument\n", KernelHarness.Run("echo slab > /sys/pmm/implementation"));
        Assert.Equal("bitmap", Pmm.ImplementationName);
    }

    [Fact]
    public unsafe void StartupSaysHowTheActivePmmCameUpAndHowLongItTook()
    {
        // The harness created the default from the memory map, with no cycle counter (times 0).
        ulong bitmapBytes = BitmapPmm.Implementation.MetadataBytes(KernelHarness.FrameCount);
        Assert.Equal("implementation bitmap\nactivation create\nmetadata_bytes " + bitmapBytes + "\ncycles 0\nmicroseconds 0\n",
            KernelHarness.ReadText("/sys/pmm/startup"));

        // A counter that advances 3000 cycles per read, at 1.5 MHz: the take-over is timed by two reads.
        s_fakeCycles = 0;
        PmmSubsystem.SetCycleCounter(&FakeCycles, 1_500_000);
        try
        {
            Assert.Equal("", KernelHarness.Run("echo buddy > /sys/pmm/implementation"));
        }
        finally
        {
            PmmSubsystem.SetCycleCounter(null, 0);
        }

        ulong buddyBytes = BuddyPmm.Implementation.MetadataBytes(KernelHarness.FrameCount);
        Assert.Equal("implementation buddy\nactivation takeover\nmetadata_bytes " + buddyBytes + "\ncycles 3000\nmicroseconds 2000\n",
            KernelHarness.ReadText("/sys/pmm/startup"));
    }

    private static ulong s_fakeCycles;

    private static ulong FakeCycles() => s_fakeCycles += 3000;

    [Fact]
    public void CachedShowsExactStatsAndPabWhileItsCacheHoldsFrames()
    {
        Assert.Equal("", KernelHarness.Run("echo cached > /sys/pmm/implementation"));
        Assert.Equal("cached", Pmm.ImplementationName);
        string stats = KernelHarness.ReadText("/sys/pmm/stats");
        byte[] pab = KernelHarness.ReadAll("/dev/pab");

        // A freed single frame stays allocated in the cached PMM's bitmaps, held by its front cache; reading the
        // files gives it back first, so they show exactly what callers hold.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, FrameOwner.Shell, out PhysicalAddress frame));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(frame, 1, FrameOwner.Shell));
        Assert.Equal(stats, KernelHarness.ReadText("/sys/pmm/stats"));
        Assert.Equal(pab, KernelHarness.ReadAll("/dev/pab"));
        Assert.DoesNotContain("owner-255", KernelHarness.ReadText("/sys/pmm/owners"));

        // Held again, then freed twice: the second free is a double free, as with any implementation.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, FrameOwner.Shell, out PhysicalAddress again));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(again, 1, FrameOwner.Shell));
        Assert.Equal(PmmStatus.DoubleFree, Pmm.Deallocate(again, 1, FrameOwner.Shell));

        // Held while switching away: the next implementation takes over the exact state.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, FrameOwner.Shell, out PhysicalAddress held));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(held, 1, FrameOwner.Shell));
        Assert.Equal("", KernelHarness.Run("echo bitmap > /sys/pmm/implementation"));
        Assert.Equal(pab, KernelHarness.ReadAll("/dev/pab"));
        Assert.Equal(PmmStatus.DoubleFree, Pmm.Deallocate(held, 1, FrameOwner.Shell));
    }

    [Fact]
    public unsafe void PmmCheckRunsTheActiveImplementationsChecker()
    {
        // The harness's heap is not a registered one and holds no frames, so the heap comparison agrees on nothing.
        const string heaps = "kernel heap: 0 frames in 0 allocations, as the PMM records them\n";
        Assert.Equal("pmm bitmap: consistent\n" + heaps, KernelHarness.Run("pmm check"));
        Assert.Equal("", KernelHarness.Run("echo buddy > /sys/pmm/implementation"));
        Assert.Equal("pmm buddy: consistent\n" + heaps, KernelHarness.Run("pmm check"));

        // Corrupt the live state behind the PMM's back: a free frame marked not free in the PAB only.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, FrameOwner.Kernel, out PhysicalAddress free));
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(free, 1, FrameOwner.Kernel));
        ulong frame = free.FrameNumber;
        ulong* pab = Pmm.State.Pab;
        pab[frame / 64] |= 1UL << (int)(frame % 64);
        Assert.StartsWith("pmm check: buddy: inconsistent: ", KernelHarness.Run("pmm check"));
        pab[frame / 64] &= ~(1UL << (int)(frame % 64));
        Assert.Equal("pmm buddy: consistent\n" + heaps, KernelHarness.Run("pmm check"));
    }

    [Fact]
    public void StatsAgreeWithThePab()
    {
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(16, 1, FrameOwner.Kernel, out _));
        byte[] pab = KernelHarness.ReadAll("/dev/pab");
        int setBits = 0;
        foreach (byte b in pab)
        {
            setBits += System.Numerics.BitOperations.PopCount(b);
        }

        PmmCounts counts = Pmm.Counts;
        Assert.Equal(counts.TotalFrames - counts.FreeFrames, (ulong)setBits);
        Assert.Contains("free_frames " + counts.FreeFrames + "\n", KernelHarness.ReadText("/sys/pmm/stats"));
    }
}

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class BuddyInfoTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void BuddyInfoAppearsOnlyWithBuddyAndCountsFreeBlocks()
    {
        Assert.Equal(MeghaOS.FileSystem.VfsStatus.NotFound, MeghaOS.FileSystem.Vfs.Stat("/sys/pmm/buddyinfo"u8, out _));
        Assert.DoesNotContain("buddyinfo", KernelHarness.Run("ls /sys/pmm"));
        KernelHarness.Run("echo buddy > /sys/pmm/implementation");
        Assert.Contains("buddyinfo", KernelHarness.Run("ls /sys/pmm"));

        string[] fields = KernelHarness.ReadText("/sys/pmm/buddyinfo").TrimEnd('\n').Split(' ');
        Assert.Equal(21, fields.Length);
        ulong freeFrames = 0;
        for (int order = 0; order < fields.Length; order++)
        {
            freeFrames += ulong.Parse(fields[order]) << order;
        }

        Assert.Equal(Pmm.Counts.FreeFrames, freeFrames);

        // Taking one frame out of a large block splits it: the total drops by exactly one frame.
        Assert.Equal(PmmStatus.Success, Pmm.Allocate(1, 1, FrameOwner.Kernel, out PhysicalAddress one));
        string[] after = KernelHarness.ReadText("/sys/pmm/buddyinfo").TrimEnd('\n').Split(' ');
        ulong afterFrames = 0;
        for (int order = 0; order < after.Length; order++)
        {
            afterFrames += ulong.Parse(after[order]) << order;
        }

        Assert.Equal(freeFrames - 1, afterFrames);
        Assert.Equal(PmmStatus.Success, Pmm.Deallocate(one, 1, FrameOwner.Kernel));
        Assert.Equal(string.Join(" ", fields) + "\n", KernelHarness.ReadText("/sys/pmm/buddyinfo"));
    }

    [Fact]
    public void ReadsTheRealFreeListsWhichAreTheLargestAlignedBlocksOfThePab()
    {
        KernelHarness.Run("echo buddy > /sys/pmm/implementation");
        var random = new Random(8);
        var live = new System.Collections.Generic.List<(PhysicalAddress Address, ulong Count)>();
        for (int step = 0; step < 400; step++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(live.Count);
                Assert.Equal(PmmStatus.Success, Pmm.Deallocate(live[index].Address, live[index].Count, FrameOwner.Kernel));
                live.RemoveAt(index);
            }
            else
            {
                ulong count = (ulong)random.Next(1, 9);
                if (Pmm.Allocate(count, 1, FrameOwner.Kernel, out PhysicalAddress address) == PmmStatus.Success)
                {
                    live.Add((address, count));
                }
            }

            // A buddy that merges every freed pair holds exactly the largest aligned free blocks of the PAB.
            Assert.Equal(BuddyInfoReference.Render(Pmm.State), KernelHarness.ReadText("/sys/pmm/buddyinfo"));
        }

        foreach ((PhysicalAddress address, ulong count) in live)
        {
            Assert.Equal(PmmStatus.Success, Pmm.Deallocate(address, count, FrameOwner.Kernel));
        }
    }

    [Fact]
    public void ReferenceCountsTheLargestAlignedBlocks()
    {
        // Frames 0..15: used 0, free 1..15 -> blocks 1 (order 0), 2-3 (1), 4-7 (2), 8-15 (3).
        ulong* pab = stackalloc ulong[1];
        pab[0] = 0xFFFF_FFFF_FFFF_0001UL;
        var view = new FrameStateView(16, pab, pab, pab, pab, null);
        Assert.Equal("1 1 1 1" + string.Concat(Enumerable.Repeat(" 0", 17)) + "\n", BuddyInfoReference.Render(view));
    }
}

/// <summary>
/// The reference model of /sys/pmm/buddyinfo: every free run of the PAB split greedily into the largest naturally
/// aligned blocks (order 20 at most), counted per order.
/// </summary>
public static unsafe class BuddyInfoReference
{
    /// <summary>The line buddyinfo must show for <paramref name="state"/>.</summary>
    public static string Render(in FrameStateView state)
    {
        const int MaxOrder = 20;
        ulong[] counts = new ulong[MaxOrder + 1];
        ulong frame = 0;
        while (frame < state.FrameCount)
        {
            if (IsUsed(state, frame))
            {
                frame++;
                continue;
            }

            int order = 0;
            while (order < MaxOrder)
            {
                ulong size = 1UL << (order + 1);
                if ((frame & (size - 1)) != 0 || size > state.FrameCount - frame || !AllFree(state, frame + (size >> 1), size >> 1))
                {
                    break;
                }

                order++;
            }

            counts[order]++;
            frame += 1UL << order;
        }

        return string.Join(" ", counts) + "\n";
    }

    private static bool IsUsed(in FrameStateView state, ulong frame) => (state.Pab[frame >> 6] & (1UL << (int)(frame & 63))) != 0;

    private static bool AllFree(in FrameStateView state, ulong first, ulong count)
    {
        for (ulong i = 0; i < count; i++)
        {
            if (IsUsed(state, first + i))
            {
                return false;
            }
        }

        return true;
    }
}
