// The boot-time setup: the tables come from the heap with the default limits, and a heap that cannot supply them
// leaves nothing behind.
namespace MeghaOS.Tests.Processes;

using System;
using MeghaOS.Processes;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ProcessSetupTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose()
    {
        TestHeap.FailAllocations = false;
        ProcessTable.Reset();
        OpenFileTable.Reset();
        _kernel.Dispose();
    }

    [Fact]
    public void TablesComeFromTheHeapWithTheDefaults()
    {
        int blocks = TestHeap.LiveBlocks;
        Assert.True(ProcessSetup.Initialize(FakeAddressSpace.Operations, default));
        Assert.Equal(blocks + 3, TestHeap.LiveBlocks);
        Assert.Equal(ProcessSetup.DefaultLimit, ProcessTable.Limit);
        Assert.Equal(ProcessSetup.DefaultFrameLimit, ProcessTable.FrameLimit);
        Assert.Equal(ProcessSetup.DefaultOpenFiles, OpenFileTable.FileCapacity);
        Assert.Equal(0, ProcessTable.Count(ProcessState.Alive));
        Assert.True(ProcessTable.Current == null); // no scheduler runs on the host
    }

    [Fact]
    public void NoHeapNoTables()
    {
        int blocks = TestHeap.LiveBlocks;
        TestHeap.FailAllocations = true;
        Assert.False(ProcessSetup.Initialize(FakeAddressSpace.Operations, default));
        Assert.Equal(blocks, TestHeap.LiveBlocks);
        Assert.False(ProcessTable.IsInitialized);
    }
}
