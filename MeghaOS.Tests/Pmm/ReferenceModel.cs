// The reference model for the randomized PMM test: the simplest thing that can be right. It derives the initial
// state from the memory map frame by frame (independently of MemoryMap), keeps one bool per frame and a table of
// live allocations with their owners, and predicts the status of every free and split from those, in the order
// docs/pmm.md documents.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Collections.Generic;
using MeghaOS.Memory;

/// <summary>What a correct PMM must look like after a sequence of requests.</summary>
public sealed class ReferenceModel
{
    private readonly bool[] _reserved;
    private readonly bool[] _allocated;
    private readonly bool[] _everAllocated;
    private readonly Dictionary<ulong, ulong> _liveCounts = new();
    private readonly Dictionary<ulong, FrameOwner> _liveOwners = new();
    private readonly List<ulong> _liveStarts = new();
    private readonly Dictionary<ulong, int> _liveIndex = new();

    /// <summary>Builds the initial state of a PMM created from <paramref name="regions"/> and <paramref name="named"/>.</summary>
    public ReferenceModel(MemoryRegion[] regions, PhysicalRange[] named)
    {
        const ulong frame = PhysicalAddress.FrameSize;
        ulong frameCount = 0;
        foreach (MemoryRegion region in regions)
        {
            ulong firstWhole = (region.Base + frame - 1) / frame;
            ulong endWhole = (region.Base + region.Length) / frame;
            if (region.Type == MemoryRegionType.Usable && endWhole > firstWhole)
            {
                frameCount = Math.Max(frameCount, endWhole);
            }
        }

        FrameCount = frameCount;
        _reserved = new bool[frameCount];
        _allocated = new bool[frameCount];
        _everAllocated = new bool[frameCount];
        ExpectedPab = new ulong[(frameCount + 63) / 64];
        List<ulong> reservedFrames = new();
        for (ulong f = 0; f < frameCount; f++)
        {
            ulong start = f * frame;
            ulong end = start + frame;
            bool usable = false;
            bool touched = f == 0;
            foreach (MemoryRegion region in regions)
            {
                ulong regionEnd = region.Base + region.Length;
                if (region.Length == 0)
                {
                    continue;
                }

                if (region.Type == MemoryRegionType.Usable)
                {
                    usable |= region.Base <= start && end <= regionEnd;
                }
                else
                {
                    touched |= region.Base < end && regionEnd > start;
                }
            }

            foreach (PhysicalRange range in named)
            {
                touched |= range.Length != 0 && range.Base < end && range.Base + range.Length > start;
            }

            _reserved[f] = touched || !usable;
            if (_reserved[f])
            {
                reservedFrames.Add(f);
                SetPabBit(f, true);
            }
        }

        for (ulong f = frameCount; f < (ulong)ExpectedPab.Length * 64; f++)
        {
            SetPabBit(f, true);
        }

        ReservedFrameList = reservedFrames.ToArray();
        ReservedFrames = (ulong)reservedFrames.Count;
        FreeFrames = frameCount - ReservedFrames;
    }

    /// <summary>Frames managed.</summary>
    public ulong FrameCount { get; }

    /// <summary>Frames free now.</summary>
    public ulong FreeFrames { get; private set; }

    /// <summary>Frames reserved.</summary>
    public ulong ReservedFrames { get; }

    /// <summary>Every reserved frame.</summary>
    public ulong[] ReservedFrameList { get; }

    /// <summary>The PAB words the PMM must show: 1 = allocated or reserved, tail bits 1.</summary>
    public ulong[] ExpectedPab { get; }

    /// <summary>Number of live allocations.</summary>
    public int LiveCount => _liveStarts.Count;

    /// <summary>The live allocation number <paramref name="index"/>.</summary>
    public (ulong First, ulong Count) Live(int index) => (_liveStarts[index], _liveCounts[_liveStarts[index]]);

    /// <summary>The owner of the live allocation starting at <paramref name="first"/>.</summary>
    public FrameOwner OwnerOf(ulong first) => _liveOwners[first];

    /// <summary>True when frame <paramref name="frame"/> is allocated now.</summary>
    public bool IsAllocated(ulong frame) => _allocated[frame];

    /// <summary>True when frame <paramref name="frame"/> has been allocated at some time.</summary>
    public bool WasEverAllocated(ulong frame) => _everAllocated[frame];

    /// <summary>True when frame <paramref name="frame"/> starts a live allocation.</summary>
    public bool IsAllocationStart(ulong frame) => _liveCounts.ContainsKey(frame);

    /// <summary>
    /// The status a correct PMM returns for a free of <paramref name="count"/> frames at <paramref name="address"/>
    /// by <paramref name="owner"/>.
    /// </summary>
    public PmmStatus PredictFree(ulong address, ulong count, FrameOwner owner)
    {
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (address % PhysicalAddress.FrameSize != 0)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong first = address / PhysicalAddress.FrameSize;
        if (first >= FrameCount || count > FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        if (_reserved[first])
        {
            return PmmStatus.FrameReserved;
        }

        if (!_allocated[first])
        {
            return _everAllocated[first] ? PmmStatus.DoubleFree : PmmStatus.NotAllocated;
        }

        if (!_liveCounts.TryGetValue(first, out ulong liveCount))
        {
            return PmmStatus.NotAllocationStart;
        }

        if (_liveOwners[first] != owner)
        {
            return PmmStatus.WrongOwner;
        }

        return liveCount == count ? PmmStatus.Success : PmmStatus.CountMismatch;
    }

    /// <summary>The status a correct PMM returns for a split at <paramref name="address"/> by <paramref name="owner"/>.</summary>
    public PmmStatus PredictSplit(ulong address, FrameOwner owner)
    {
        if (address % PhysicalAddress.FrameSize != 0)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong frame = address / PhysicalAddress.FrameSize;
        if (frame >= FrameCount)
        {
            return PmmStatus.AddressOutOfRange;
        }

        if (_reserved[frame])
        {
            return PmmStatus.FrameReserved;
        }

        if (!_allocated[frame])
        {
            return _everAllocated[frame] ? PmmStatus.DoubleFree : PmmStatus.NotAllocated;
        }

        return _liveOwners[StartOf(frame)] == owner ? PmmStatus.Success : PmmStatus.WrongOwner;
    }

    /// <summary>Records a successful split at frame <paramref name="frame"/>: its allocation becomes two.</summary>
    public void ApplySplit(ulong frame)
    {
        ulong start = StartOf(frame);
        if (start == frame)
        {
            return;
        }

        ulong count = _liveCounts[start];
        _liveCounts[start] = frame - start;
        AddLive(frame, count - (frame - start), _liveOwners[start]);
    }

    // The first frame of the live allocation holding the allocated frame.
    private ulong StartOf(ulong frame)
    {
        while (!_liveCounts.ContainsKey(frame))
        {
            frame--;
        }

        return frame;
    }

    /// <summary>
    /// The status a correct PMM returns for an allocation of exactly the <paramref name="count"/> frames at
    /// <paramref name="address"/>: checked frame by frame, a reserved frame anywhere in the range before an
    /// allocated one.
    /// </summary>
    public PmmStatus PredictAllocateAt(ulong address, ulong count)
    {
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (address % PhysicalAddress.FrameSize != 0)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong first = address / PhysicalAddress.FrameSize;
        if (first >= FrameCount || count > FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        bool anyAllocated = false;
        for (ulong f = first; f < first + count; f++)
        {
            if (_reserved[f])
            {
                return PmmStatus.FrameReserved;
            }

            anyAllocated |= _allocated[f];
        }

        return anyAllocated ? PmmStatus.AlreadyAllocated : PmmStatus.Success;
    }

    /// <summary>The status a correct PMM returns for an allocation whose arguments are bad, or null if they are fine.</summary>
    public static PmmStatus? PredictAllocationArguments(ulong count, ulong alignment)
    {
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            return PmmStatus.InvalidAlignment;
        }

        return null;
    }

    /// <summary>True when some run of <paramref name="count"/> free frames starts at a multiple of <paramref name="alignment"/>.</summary>
    public bool HasFit(ulong count, ulong alignment)
    {
        ulong start = 0;
        while (start < FrameCount && count <= FrameCount - start)
        {
            ulong taken = FirstTakenIn(start, start + count);
            if (taken == ulong.MaxValue)
            {
                return true;
            }

            ulong next = NextFreeFrom(taken + 1);
            start = (next + alignment - 1) / alignment * alignment;
        }

        return false;
    }

    // The first frame in [start, end) that is not free, or ulong.MaxValue. Skips whole PAB words.
    private ulong FirstTakenIn(ulong start, ulong end)
    {
        for (ulong f = start; f < end;)
        {
            if (f % 64 == 0 && end - f >= 64 && ExpectedPab[f / 64] == 0)
            {
                f += 64;
                continue;
            }

            if (_reserved[f] || _allocated[f])
            {
                return f;
            }

            f++;
        }

        return ulong.MaxValue;
    }

    /// <summary>The first free frame at or after <paramref name="f"/>, or <see cref="FrameCount"/>. Skips full PAB words.</summary>
    public ulong NextFreeFrom(ulong f)
    {
        while (f < FrameCount)
        {
            if (f % 64 == 0 && ExpectedPab[f / 64] == ulong.MaxValue)
            {
                f += 64;
                continue;
            }

            if (!_reserved[f] && !_allocated[f])
            {
                return f;
            }

            f++;
        }

        return FrameCount;
    }

    /// <summary>
    /// Records an allocation the PMM reported; returns null when it is valid (aligned, in range, every frame free
    /// in the model, so nothing is handed out twice), otherwise what is wrong with it.
    /// </summary>
    public string? ApplyAllocation(ulong first, ulong count, ulong alignment, FrameOwner owner)
    {
        if (first % alignment != 0)
        {
            return "allocation at frame " + first + " is not aligned to " + alignment;
        }

        if (first >= FrameCount || count > FrameCount - first)
        {
            return "allocation at frame " + first + " of " + count + " frames runs past the end";
        }

        for (ulong f = first; f < first + count; f++)
        {
            if (_reserved[f] || _allocated[f])
            {
                return "frame " + f + " handed out while " + (_reserved[f] ? "reserved" : "allocated");
            }
        }

        for (ulong f = first; f < first + count; f++)
        {
            _allocated[f] = true;
            _everAllocated[f] = true;
            SetPabBit(f, true);
        }

        AddLive(first, count, owner);
        FreeFrames -= count;
        return null;
    }

    private void AddLive(ulong first, ulong count, FrameOwner owner)
    {
        _liveCounts.Add(first, count);
        _liveOwners.Add(first, owner);
        _liveIndex.Add(first, _liveStarts.Count);
        _liveStarts.Add(first);
    }

    /// <summary>Records a successful free of the live allocation starting at <paramref name="first"/>.</summary>
    public void ApplyFree(ulong first)
    {
        ulong count = _liveCounts[first];
        for (ulong f = first; f < first + count; f++)
        {
            _allocated[f] = false;
            SetPabBit(f, false);
        }

        _liveCounts.Remove(first);
        _liveOwners.Remove(first);
        int index = _liveIndex[first];
        ulong moved = _liveStarts[^1];
        _liveStarts[index] = moved;
        _liveIndex[moved] = index;
        _liveStarts.RemoveAt(_liveStarts.Count - 1);
        _liveIndex.Remove(first);
        FreeFrames += count;
    }

    private void SetPabBit(ulong frame, bool value)
    {
        ulong mask = 1UL << (int)(frame % 64);
        if (value)
        {
            ExpectedPab[frame / 64] |= mask;
        }
        else
        {
            ExpectedPab[frame / 64] &= ~mask;
        }
    }
}
