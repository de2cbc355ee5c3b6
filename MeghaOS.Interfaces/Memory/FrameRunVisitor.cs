// How a kernel heap tells what frames it holds: it calls a visitor once for every run of frames it got from its
// frame source (each run exactly one allocation of the source), so `pmm check` can compare the heaps' own view with
// the PMM's owner records without the heaps knowing about the check.
namespace MeghaOS.Memory;

/// <summary>A callback with its context, called with the first byte and frame count of one run of frames.</summary>
public unsafe struct FrameRunVisitor
{
    /// <summary>The visitor's state, passed back to <see cref="Visit"/>.</summary>
    public void* Context;

    /// <summary>Receives one run: its first byte and its frame count.</summary>
    public delegate*<void*, PhysicalAddress, ulong, void> Visit;

    /// <summary>Reports one run.</summary>
    public readonly void Report(PhysicalAddress start, ulong frames) => Visit(Context, start, frames);
}
