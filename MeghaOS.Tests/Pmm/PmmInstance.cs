// A PMM instance for tests: owns its native metadata buffer, wraps the operations table in plain methods and
// takes snapshots of the whole state so tests can assert that a failed request changed nothing.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using Xunit;

/// <summary>One PMM instance with its own metadata memory.</summary>
public sealed unsafe class PmmInstance : IDisposable
{
    private void* _metadata;

    private PmmInstance(PmmImplementation implementation, void* metadata, PmmOperations operations)
    {
        Implementation = implementation;
        _metadata = metadata;
        Operations = operations;
    }

    /// <summary>Which implementation this is.</summary>
    public PmmImplementation Implementation { get; }

    /// <summary>The instance's operations table.</summary>
    public PmmOperations Operations { get; }

    /// <summary>Creates an instance from a map; fails the test unless creation succeeds.</summary>
    public static PmmInstance Create(PmmImplementation implementation, MemoryRegion[] regions, params PhysicalRange[] reserved)
    {
        PmmStatus status = TryCreate(implementation, regions, reserved, out PmmInstance? instance);
        Assert.Equal(PmmStatus.Success, status);
        return instance!;
    }

    /// <summary>Creates an instance from a map with an exactly sized metadata buffer.</summary>
    public static PmmStatus TryCreate(PmmImplementation implementation, MemoryRegion[] regions, PhysicalRange[] reserved,
        out PmmInstance? instance)
    {
        instance = null;
        ulong frames = MemoryMap.FrameCountOf(regions);
        ulong bytes = implementation.MetadataBytes(frames);
        void* metadata = NativeMemory.Alloc((nuint)Math.Max(bytes, 1));
        PmmStatus status = implementation.Create(metadata, bytes, regions, reserved, out PmmOperations operations);
        if (status != PmmStatus.Success)
        {
            NativeMemory.Free(metadata);
            return status;
        }

        instance = new PmmInstance(implementation, metadata, operations);
        return status;
    }

    /// <summary>Creates an instance of <paramref name="implementation"/> holding the state of <paramref name="current"/>.</summary>
    public static PmmInstance TakeOver(PmmImplementation implementation, in FrameStateView current)
    {
        ulong bytes = implementation.MetadataBytes(current.FrameCount);
        void* metadata = NativeMemory.Alloc((nuint)bytes);
        PmmStatus status = implementation.TakeOver(metadata, bytes, current, out PmmOperations operations);
        if (status != PmmStatus.Success)
        {
            NativeMemory.Free(metadata);
            Assert.Fail("TakeOver by " + implementation.Name + " failed: " + status);
        }

        return new PmmInstance(implementation, metadata, operations);
    }

    /// <summary>The owner the wrappers below use unless a test names another.</summary>
    public const FrameOwner TestOwner = FrameOwner.Kernel;

    /// <summary>Allocates through the operations table.</summary>
    public PmmStatus Allocate(ulong count, ulong alignment, out PhysicalAddress address, FrameOwner owner = TestOwner) =>
        Operations.Allocate(Operations.Context, count, alignment, owner, out address);

    /// <summary>Allocates and fails the test unless it succeeds; returns the first frame number.</summary>
    public ulong AllocateFrames(ulong count, ulong alignment = 1, FrameOwner owner = TestOwner)
    {
        Assert.Equal(PmmStatus.Success, Allocate(count, alignment, out PhysicalAddress address, owner));
        return address.FrameNumber;
    }

    /// <summary>Allocates exactly the frames at <paramref name="address"/> through the operations table.</summary>
    public PmmStatus AllocateAt(PhysicalAddress address, ulong count, FrameOwner owner = TestOwner) =>
        Operations.AllocateAt(Operations.Context, address, count, owner);

    /// <summary>Allocates exactly the frames [<paramref name="frame"/>, <paramref name="frame"/> + <paramref name="count"/>).</summary>
    public PmmStatus AllocateFramesAt(ulong frame, ulong count, FrameOwner owner = TestOwner) => AllocateAt(PhysicalAddress.FromFrame(frame), count, owner);

    /// <summary>Frees through the operations table.</summary>
    public PmmStatus Deallocate(PhysicalAddress address, ulong count, FrameOwner owner = TestOwner) =>
        Operations.Deallocate(Operations.Context, address, count, owner);

    /// <summary>Frees frames starting at frame <paramref name="frame"/>.</summary>
    public PmmStatus DeallocateFrames(ulong frame, ulong count, FrameOwner owner = TestOwner) => Deallocate(PhysicalAddress.FromFrame(frame), count, owner);

    /// <summary>Splits through the operations table.</summary>
    public PmmStatus Split(PhysicalAddress address, FrameOwner owner = TestOwner) => Operations.Split(Operations.Context, address, owner);

    /// <summary>Splits at frame <paramref name="frame"/>.</summary>
    public PmmStatus SplitAt(ulong frame, FrameOwner owner = TestOwner) => Split(PhysicalAddress.FromFrame(frame), owner);

    /// <summary>The counts.</summary>
    public PmmCounts Counts => Operations.GetCounts(Operations.Context);

    /// <summary>The bitmaps.</summary>
    public FrameStateView State => Operations.GetState(Operations.Context);

    /// <summary>The state of one frame.</summary>
    public FrameState StateOf(ulong frame) => State.StateOf(frame);

    /// <summary>The PAB as users read it.</summary>
    public byte[] Pab => new ReadOnlySpan<byte>(State.Pab, (int)State.PabByteCount).ToArray();

    /// <summary>A copy of all four bitmaps (whole words), every allocation's owner and the counts.</summary>
    public PmmSnapshot Snapshot() => PmmSnapshot.Of(State, Counts);

    /// <summary>Fails the test unless the instance is internally consistent.</summary>
    public void AssertConsistent() => Assert.Equal(PmmConsistency.Consistent, Implementation.CheckConsistency(Operations));

    /// <summary>Frees the metadata.</summary>
    public void Dispose()
    {
        if (_metadata != null)
        {
            NativeMemory.Free(_metadata);
            _metadata = null;
        }
    }
}
