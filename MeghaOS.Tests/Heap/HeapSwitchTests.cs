// Switching the kernel heap through the subsystem mechanism, for every ordered pair of implementations: blocks
// allocated before a switch are freed by the implementation that handed them out (the Heap facade routes frees by
// Owns), new allocations go to the new one, errors still come back, and /sys/heap/stats follows the active one.
namespace MeghaOS.Tests.Heap;

using System;
using MeghaOS.FileSystem.SysFs;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class HeapSwitchTests : TwoHeapsTest
{

    [Theory, MemberData(nameof(Pairs))]
    public void ABlockFreedAfterASwitchGoesBackToItsImplementation(string from, string to)
    {
        Boot(from, to);
        byte* old = (byte*)Heap.Allocate(200);
        byte* oldLarge = (byte*)Heap.Allocate(5000);
        new Span<byte>(old, 200).Fill(0x5A);
        Assert.Equal(ActivationStatus.Success, Switch(to));
        Assert.Equal(to, Heap.ImplementationName);

        byte* fresh = (byte*)Heap.Allocate(200);
        Assert.True(Second.Owns(Second.Context, fresh));
        Assert.False(First.Owns(First.Context, fresh));
        Assert.Equal(1UL, Second.GetStats(Second.Context).BlocksInUse);
        Assert.True(new Span<byte>(old, 200).IndexOfAnyExcept((byte)0x5A) < 0, "the switch changed an old block");

        Assert.Equal(HeapStatus.Success, Heap.Free(old));
        Assert.Equal(HeapStatus.Success, Heap.Free(oldLarge));
        Assert.Equal(0UL, First.GetStats(First.Context).BlocksInUse);
        Assert.Equal(1UL, Second.GetStats(Second.Context).BlocksInUse);

        // Errors are still reported, by the implementation that owns the memory.
        Assert.Equal(HeapStatus.Success, Heap.Free(fresh));
        Assert.Equal(HeapStatus.DoubleFree, Heap.Free(fresh));
        long outside = 0;
        Assert.Equal(HeapStatus.InvalidPointer, Heap.Free(&outside));
        Assert.Equal(0, Frames.BadFrees);
    }

    [Theory, MemberData(nameof(Pairs))]
    public void SwitchingBackAndForthKeepsEveryBlock(string from, string to)
    {
        Boot(from, to);
        var blocks = new System.Collections.Generic.List<IntPtr>();
        for (int round = 0; round < 6; round++)
        {
            Assert.Equal(ActivationStatus.Success, Switch(round % 2 == 0 ? to : from));
            for (int i = 0; i < 50; i++)
            {
                byte* block = (byte*)Heap.Allocate((nuint)(16 + i * 40));
                Assert.True(block != null);
                *block = (byte)round;
                blocks.Add((IntPtr)block);
            }
        }

        ulong inUse = Heap.Stats.BlocksInUse;
        Assert.Equal(300UL, First.GetStats(First.Context).BlocksInUse + Second.GetStats(Second.Context).BlocksInUse);
        Assert.Equal(150UL, inUse); // the active implementation's own blocks
        foreach (IntPtr block in blocks)
        {
            Assert.Equal(HeapStatus.Success, Heap.Free((void*)block));
        }

        Assert.Equal(0UL, First.GetStats(First.Context).BlocksInUse + Second.GetStats(Second.Context).BlocksInUse);
    }

    [Fact]
    public void UnknownNamesChangeNothingAndTheListShowsTheActiveOne()
    {
        Boot(FreeListHeap.Name, SlabHeap.Name);
        Assert.Equal(ActivationStatus.UnknownImplementation, Switch("buddy"));
        Assert.Equal(FreeListHeap.Name, Heap.ImplementationName);
        byte[] buffer = new byte[64];
        int length = SubsystemRegistry.WriteImplementationList(HeapSubsystem.Id, buffer);
        Assert.Equal("[freelist] slab\n", System.Text.Encoding.ASCII.GetString(buffer, 0, length));
        Assert.Equal(RegistrationStatus.Duplicate, HeapSubsystem.Register(First)); // the same name twice
    }

    [Fact]
    public void StatsFileShowsTheActiveImplementationAndEachOnesBlocks()
    {
        Boot(FreeListHeap.Name, SlabHeap.Name);
        void* a = Heap.Allocate(100);
        Assert.Equal(ActivationStatus.Success, Switch(SlabHeap.Name));
        void* b = Heap.Allocate(100);
        void* c = Heap.Allocate(40);
        string text = Render();
        HeapStats slab = Second.GetStats(Second.Context);
        Assert.Equal(
            "implementation slab\n" +
            $"bytes_in_use {slab.BytesInUse}\n" +
            $"bytes_free {slab.BytesFree}\n" +
            $"largest_free_block {slab.LargestFreeBlock}\n" +
            "blocks_in_use 2\n" +
            $"fragmentation_permille {1000 - slab.LargestFreeBlock * 1000 / slab.BytesFree}\n" +
            "freelist.bytes_in_use 112\n" +
            "freelist.blocks_in_use 1\n" +
            "slab.bytes_in_use 192\n" +
            "slab.blocks_in_use 2\n",
            text);
        Heap.Free(a);
        Heap.Free(b);
        Heap.Free(c);
    }

    [Fact]
    public void FragmentationIsZeroForOneFreeBlockAndGrowsWithScatteredHoles()
    {
        Assert.Equal(0UL, HeapFiles.FragmentationPermille(new HeapStats(0, 0, 0, 0)));
        Assert.Equal(0UL, HeapFiles.FragmentationPermille(new HeapStats(10, 4096, 4096, 1)));
        Assert.Equal(750UL, HeapFiles.FragmentationPermille(new HeapStats(10, 4096, 1024, 1)));
    }

    private static string Render()
    {
        byte[] buffer = new byte[4096];
        int length;
        fixed (byte* bytes = buffer)
        {
            length = HeapFiles.RenderStats(new Span<byte>(bytes, buffer.Length));
        }

        return System.Text.Encoding.ASCII.GetString(buffer, 0, length);
    }
}
