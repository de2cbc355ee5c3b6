// A managed copy of a PMM's complete observable state, so tests can compare "before" and "after" exactly.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Linq;
using MeghaOS.Memory;

/// <summary>All four bitmaps (every word, tail bits included), every allocation's owner and the counts of a PMM at one moment.</summary>
public sealed unsafe class PmmSnapshot : IEquatable<PmmSnapshot>
{
    private PmmSnapshot(ulong frameCount, ulong[] pab, ulong[] reserved, ulong[] starts, ulong[] ever, byte[] owners, PmmCounts counts)
    {
        Owners = owners;
        FrameCount = frameCount;
        Pab = pab;
        Reserved = reserved;
        AllocationStarts = starts;
        EverAllocated = ever;
        Counts = counts;
    }

    /// <summary>Frames managed.</summary>
    public ulong FrameCount { get; }

    /// <summary>PAB words.</summary>
    public ulong[] Pab { get; }

    /// <summary>Reserved words.</summary>
    public ulong[] Reserved { get; }

    /// <summary>Allocation start words.</summary>
    public ulong[] AllocationStarts { get; }

    /// <summary>Ever-allocated words.</summary>
    public ulong[] EverAllocated { get; }

    /// <summary>The owner byte of every allocation start, in frame order.</summary>
    public byte[] Owners { get; }

    /// <summary>Counts.</summary>
    public PmmCounts Counts { get; }

    /// <summary>Copies the state out of a view.</summary>
    public static PmmSnapshot Of(in FrameStateView view, PmmCounts counts)
    {
        int words = (int)view.WordCount;
        return new PmmSnapshot(view.FrameCount,
            new ReadOnlySpan<ulong>(view.Pab, words).ToArray(),
            new ReadOnlySpan<ulong>(view.Reserved, words).ToArray(),
            new ReadOnlySpan<ulong>(view.AllocationStarts, words).ToArray(),
            new ReadOnlySpan<ulong>(view.EverAllocated, words).ToArray(),
            OwnersAtStarts(view),
            counts);
    }

    // Only the owner bytes of allocation starts mean anything.
    private static byte[] OwnersAtStarts(in FrameStateView view)
    {
        var owners = new System.Collections.Generic.List<byte>();
        for (ulong frame = 0; frame < view.FrameCount; frame++)
        {
            if ((view.AllocationStarts[frame >> 6] & (1UL << (int)(frame & 63))) != 0)
            {
                owners.Add(view.Owners[frame]);
            }
        }

        return owners.ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(PmmSnapshot? other) =>
        other != null && FrameCount == other.FrameCount && Pab.SequenceEqual(other.Pab) &&
        Reserved.SequenceEqual(other.Reserved) && AllocationStarts.SequenceEqual(other.AllocationStarts) &&
        EverAllocated.SequenceEqual(other.EverAllocated) && Owners.SequenceEqual(other.Owners) && Counts.TotalFrames == other.Counts.TotalFrames &&
        Counts.FreeFrames == other.Counts.FreeFrames && Counts.ReservedFrames == other.Counts.ReservedFrames;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PmmSnapshot);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FrameCount, Counts.FreeFrames, Counts.ReservedFrames);

    /// <inheritdoc/>
    public override string ToString() =>
        $"frames={FrameCount} free={Counts.FreeFrames} reserved={Counts.ReservedFrames} pab[0]={Pab[0]:X16}";
}
