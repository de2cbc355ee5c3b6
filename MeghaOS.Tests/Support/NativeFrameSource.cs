// A FrameSource for host tests: frames of a window of native memory managed by a real PMM (the catalog's default), so
// frees are checked exactly as the kernel's are (address, count, owner: every frame is the kernel heap's), splits work,
// and `pmm check`'s heap comparison can run against it. It counts what is outstanding, takes an optional limit (to
// test running out) and fills every frame it hands out with junk, as real frames hold.
namespace MeghaOS.Tests.Support;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>Frames of a native memory window behind a <see cref="FrameSource"/>; dispose to release them all.</summary>
public sealed unsafe class NativeFrameSource : IDisposable
{
    /// <summary>Bytes of the window (reserved, not touched until handed out): frame n lies at <see cref="FrameZero"/> + n * 4096.</summary>
    public const ulong WindowBytes = 256UL << 20;

    private readonly void* _metadata;
    private readonly PmmOperations _pmm;
    private byte* _window;
    private GCHandle _handle;

    /// <summary>Creates a source.</summary>
    public NativeFrameSource()
    {
        _window = (byte*)NativeMemory.AlignedAlloc((nuint)WindowBytes, (nuint)PhysicalAddress.FrameSize);
        MemoryRegion[] regions = { new MemoryRegion(0, WindowBytes, MemoryRegionType.Usable) };
        PmmImplementation implementation = PmmCatalog.All[0];
        ulong bytes = implementation.MetadataBytes(MemoryMap.FrameCountOf(regions));
        _metadata = NativeMemory.Alloc((nuint)bytes);
        if (implementation.Create(_metadata, bytes, regions, default, out _pmm) != PmmStatus.Success)
        {
            throw new InvalidOperationException("the test frame source's PMM could not be created");
        }

        _handle = GCHandle.Alloc(this);
    }

    /// <summary>Frames handed out and not freed.</summary>
    public ulong FramesOutstanding => _pmm.GetCounts(_pmm.Context).AllocatedFrames;

    /// <summary>Most frames outstanding at any time so far.</summary>
    public ulong PeakFrames { get; private set; }

    /// <summary>Frees and splits the PMM refused (wrong address, count or owner; 0 in a correct heap).</summary>
    public int BadFrees { get; private set; }

    /// <summary>Most frames that may be outstanding; allocations beyond fail with OutOfMemory.</summary>
    public ulong Limit { get; set; } = ulong.MaxValue;

    /// <summary>The address frame 0 has: where the window starts.</summary>
    public ulong FrameZero => (ulong)_window;

    /// <summary>The PMM's state, for comparing heaps with it.</summary>
    public FrameStateView State => _pmm.GetState(_pmm.Context);

    /// <summary>The PMM itself (addresses are frame numbers times 4096, from 0), for tests that act behind the heaps' back.</summary>
    public PmmOperations Pmm => _pmm;

    /// <summary>The table heaps take.</summary>
    public FrameSource Source => new FrameSource
    {
        Context = (void*)GCHandle.ToIntPtr(_handle),
        Allocate = &Allocate,
        Free = &Free,
        Split = &Split,
    };

    /// <summary>Releases the window and the PMM.</summary>
    public void Dispose()
    {
        if (_window != null)
        {
            NativeMemory.AlignedFree(_window);
            NativeMemory.Free(_metadata);
            _window = null;
        }

        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }

    private static NativeFrameSource Of(void* context) => (NativeFrameSource)GCHandle.FromIntPtr((IntPtr)context).Target!;

    private PhysicalAddress Frame(PhysicalAddress address) => new PhysicalAddress(address.Value - (ulong)_window);

    private static PmmStatus Allocate(void* context, ulong count, out PhysicalAddress address)
    {
        NativeFrameSource self = Of(context);
        address = PhysicalAddress.Null;
        if (count == 0 || self.FramesOutstanding + count > self.Limit)
        {
            return PmmStatus.OutOfMemory;
        }

        PmmStatus status = self._pmm.Allocate(self._pmm.Context, count, 1, FrameOwner.KernelHeap, out PhysicalAddress frame);
        if (status == PmmStatus.Success)
        {
            address = new PhysicalAddress((ulong)self._window + frame.Value);
            NativeMemory.Fill((void*)address.Value, (nuint)(count * PhysicalAddress.FrameSize), 0xA5);
            self.PeakFrames = Math.Max(self.PeakFrames, self.FramesOutstanding);
        }

        return status;
    }

    private static PmmStatus Free(void* context, PhysicalAddress address, ulong count)
    {
        NativeFrameSource self = Of(context);
        PmmStatus status = self._pmm.Deallocate(self._pmm.Context, self.Frame(address), count, FrameOwner.KernelHeap);
        self.BadFrees += status == PmmStatus.Success ? 0 : 1;
        return status;
    }

    private static PmmStatus Split(void* context, PhysicalAddress address)
    {
        NativeFrameSource self = Of(context);
        PmmStatus status = self._pmm.Split(self._pmm.Context, self.Frame(address), FrameOwner.KernelHeap);
        self.BadFrees += status == PmmStatus.Success ? 0 : 1;
        return status;
    }
}
