// Real frames for the heap benchmarks: a bitmap PMM manages a window of native memory (frame n of the PMM is byte
// n * 4096 of the window), so a heap growing or shrinking pays what it pays in the kernel: a PMM call.
namespace MeghaOS.Benchmarks;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>A FrameSource over a bitmap PMM and a native memory window.</summary>
public sealed unsafe class HeapFrameSource : IDisposable
{
    private readonly PmmSetup _pmm;
    private byte* _window;
    private GCHandle _handle;

    /// <summary>Creates a source of <paramref name="bytes"/> bytes (the window is only touched where used).</summary>
    public HeapFrameSource(ulong bytes)
    {
        _pmm = PmmSetup.Empty(BitmapPmm.Name, bytes);
        _window = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, (nuint)PhysicalAddress.FrameSize);
        _handle = GCHandle.Alloc(this);
    }

    /// <summary>The table the heaps take.</summary>
    public FrameSource Source => new FrameSource { Context = (void*)GCHandle.ToIntPtr(_handle), Allocate = &Allocate, Free = &Free, Split = &Split };

    /// <summary>Releases the window and the PMM.</summary>
    public void Dispose()
    {
        if (_window != null)
        {
            NativeMemory.AlignedFree(_window);
            _window = null;
            _pmm.Dispose();
            _handle.Free();
        }
    }

    private static HeapFrameSource Of(void* context) => (HeapFrameSource)GCHandle.FromIntPtr((IntPtr)context).Target!;

    private static PmmStatus Allocate(void* context, ulong count, out PhysicalAddress address)
    {
        HeapFrameSource self = Of(context);
        PmmStatus status = self._pmm.Operations.Allocate(self._pmm.Operations.Context, count, 1, FrameOwner.KernelHeap, out PhysicalAddress frame);
        address = status == PmmStatus.Success ? new PhysicalAddress((ulong)self._window + frame.Value) : PhysicalAddress.Null;
        return status;
    }

    private static PmmStatus Split(void* context, PhysicalAddress address)
    {
        HeapFrameSource self = Of(context);
        return self._pmm.Operations.Split(self._pmm.Operations.Context, new PhysicalAddress(address.Value - (ulong)self._window), FrameOwner.KernelHeap);
    }

    private static PmmStatus Free(void* context, PhysicalAddress address, ulong count)
    {
        HeapFrameSource self = Of(context);
        return self._pmm.Operations.Deallocate(self._pmm.Operations.Context, new PhysicalAddress(address.Value - (ulong)self._window), count, FrameOwner.KernelHeap);
    }
}
