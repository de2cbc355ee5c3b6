// The heap subsystem's bring-up as the kernel does it at boot: every implementation of the heap catalog created with
// its state in frames of its own, registered in catalog order, the default active, every frame the heaps take
// counted; and when the frames run out, each heap left out is named and nothing leaks.
namespace MeghaOS.Tests.Heap;

using System;
using System.Linq;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class HeapSubsystemTests : IDisposable
{
    private readonly NativeFrameSource _frames = new();

    public HeapSubsystemTests()
    {
        CapturingTerminal.Install();
        Heap.Reset();
        SubsystemRegistry.Reset();
        HeapSubsystem.Reset();
    }

    public void Dispose()
    {
        Heap.Reset();
        SubsystemRegistry.Reset();
        HeapSubsystem.Reset();
        Terminal.Reset();
        _frames.Dispose();
    }

    [Fact]
    public void EveryCatalogHeapIsRegisteredTheDefaultActiveAndEveryFrameCounted()
    {
        Assert.True(HeapSubsystem.Initialize(HeapCatalog.All, _frames.Source));

        Assert.Equal("", CapturingTerminal.Take());
        Assert.Equal(CatalogText.HeapNames, SubsystemRegistry.ImplementationsOf(HeapSubsystem.Id).ToArray().Select(entry => entry.Name));
        Assert.Equal(CatalogText.HeapNames[0], Heap.ImplementationName);
        Assert.Equal(_frames.FramesOutstanding, HeapSubsystem.FramesHeld);

        void* block = Heap.Allocate(100_000);
        Assert.True(block != null);
        Assert.Equal(_frames.FramesOutstanding, HeapSubsystem.FramesHeld);
        Assert.Equal(HeapStatus.Success, Heap.Free(block));
        Assert.Equal(_frames.FramesOutstanding, HeapSubsystem.FramesHeld);
        Assert.Equal(0, _frames.BadFrees);
    }

    [Fact]
    public void WithoutFramesForTheirStateTheHeapsAreNamedAndNoneComesUp()
    {
        _frames.Limit = 0;

        Assert.False(HeapSubsystem.Initialize(HeapCatalog.All, _frames.Source));

        string expected = string.Concat(CatalogText.HeapNames.Select(name => "warning: heap implementation '" + name + "' left out: no frames for its state\n"));
        Assert.Equal(expected, CapturingTerminal.Take());
        Assert.Equal(0UL, _frames.FramesOutstanding);
        Assert.False(Heap.IsActive);
    }

    [Fact]
    public void AHeapTheRegistryRefusesGivesItsStateBack()
    {
        HeapImplementation first = HeapCatalog.All[0];
        var twice = new[] { first, first };

        Assert.True(HeapSubsystem.Initialize(twice, _frames.Source));

        Assert.Equal("warning: heap implementation '" + first.Name + "' left out: an implementation of that name is registered already\n", CapturingTerminal.Take());
        Assert.Equal(_frames.FramesOutstanding, HeapSubsystem.FramesHeld);
        Assert.Equal((first.StateBytes + 4095) / 4096, _frames.FramesOutstanding);
    }
}
