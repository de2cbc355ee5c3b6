// A FrameSource for host tests: frames from native memory, 4 KiB aligned, with a count of what is outstanding, an
// optional limit (to test running out), and a check that every free names a real allocation with its count.
namespace MeghaOS.Tests.Support;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>Frames from NativeMemory behind a <see cref="FrameSource"/>; dispose to release them all.</summary>
public sealed unsafe class NativeFrameSource : IDisposable
{
    private readonly Dictionary<ulong, ulong> _allocations = new();
    private GCHandle _handle;

    /// <summary>Creates a source.</summary>
    public NativeFrameSource() => _handle = GCHandle.Alloc(this);

    /// <summary>Frames handed out and not freed.</summary>
    public ulong FramesOutstanding { get; private set; }

    /// <summary>Most frames outstanding at any time so far.</summary>
    public ulong PeakFrames { get; private set; }

    /// <summary>Frees with a wrong address or count (0 in a correct heap).</summary>
    public int BadFrees { get; private set; }

    /// <summary>Most frames that may be outstanding; allocations beyond fail with OutOfMemory.</summary>
    public ulong Limit { get; set; } = ulong.MaxValue;

    /// <summary>The table heaps take.</summary>
    public FrameSource Source => new FrameSource
    {
        Context = (void*)GCHandle.ToIntPtr(_handle),
        Allocate = &Allocate,
        Free = &Free,
    };

    /// <summary>Releases every outstanding frame.</summary>
    public void Dispose()
    {
        foreach (ulong address in _allocations.Keys)
        {
            NativeMemory.AlignedFree((void*)address);
        }

        _allocations.Clear();
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }

    private static NativeFrameSource Of(void* context) => (NativeFrameSource)GCHandle.FromIntPtr((IntPtr)context).Target!;

    private static PmmStatus Allocate(void* context, ulong count, out PhysicalAddress address)
    {
        NativeFrameSource self = Of(context);
        if (count == 0 || self.FramesOutstanding + count > self.Limit)
        {
            address = PhysicalAddress.Null;
            return PmmStatus.OutOfMemory;
        }

        void* memory = NativeMemory.AlignedAlloc((nuint)(count * PhysicalAddress.FrameSize), (nuint)PhysicalAddress.FrameSize);
        NativeMemory.Fill(memory, (nuint)(count * PhysicalAddress.FrameSize), 0xA5); // junk, as real frames hold
        self._allocations.Add((ulong)memory, count);
        self.FramesOutstanding += count;
        self.PeakFrames = Math.Max(self.PeakFrames, self.FramesOutstanding);
        address = new PhysicalAddress((ulong)memory);
        return PmmStatus.Success;
    }

    private static PmmStatus Free(void* context, PhysicalAddress address, ulong count)
    {
        NativeFrameSource self = Of(context);
        if (!self._allocations.Remove(address.Value, out ulong allocated) || allocated != count)
        {
            self.BadFrees++;
            return PmmStatus.CountMismatch;
        }

        NativeMemory.AlignedFree((void*)address.Value);
        self.FramesOutstanding -= count;
        return PmmStatus.Success;
    }
}
