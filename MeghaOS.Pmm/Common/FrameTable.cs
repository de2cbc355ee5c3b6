// The four per-frame bitmaps every implementation keeps (PAB, reserved, allocation starts, ever allocated), the owner
// of every allocation (one byte per frame, meaningful at allocation starts), the frame counts, and the checks and
// bookkeeping of allocations, frees and splits that every implementation shares, so every error code is decided in
// exactly one place and the bitmaps and owners mean the same thing in every implementation. It also keeps the shared
// index of wholly free 64-frame groups (FreeGroupIndex), updated wherever the PAB changes, so 64-aligned runs are
// found, or known not to exist, in bounded time by every implementation (FindRun).
namespace MeghaOS.Memory;

using System.Runtime.CompilerServices;

/// <summary>
/// The shared per-frame state of a PMM instance. It lives inside an implementation's context, in the metadata
/// memory the caller supplied; the bitmaps are laid out back to back, <see cref="WordCount"/> words each, followed by
/// the owner bytes (<see cref="WordCount"/> * 64 bytes) and the free-group index (<see cref="FreeGroupIndex.Bytes"/>).
/// </summary>
public unsafe struct FrameTable
{
    /// <summary>Number of bitmaps the table keeps.</summary>
    public const ulong BitmapCount = 4;

    /// <summary>Frames managed, frame 0 included.</summary>
    public ulong FrameCount;

    /// <summary>Words in each bitmap.</summary>
    public ulong WordCount;

    /// <summary>The physical allocation bitmap: 1 = allocated or reserved.</summary>
    public ulong* Pab;

    /// <summary>1 = reserved.</summary>
    public ulong* Reserved;

    /// <summary>1 = first frame of a live allocation.</summary>
    public ulong* AllocationStarts;

    /// <summary>1 = handed out at least once since the PMM was created.</summary>
    public ulong* EverAllocated;

    /// <summary>At an allocation's first frame, its <see cref="FrameOwner"/>; the bytes of other frames mean nothing.</summary>
    public byte* Owners;

    /// <summary>Frames free now.</summary>
    public ulong FreeFrames;

    /// <summary>Frames reserved.</summary>
    public ulong ReservedFrames;

    /// <summary>Which PAB words are 0 (all 64 frames free), for bounded-time searches of 64-aligned runs.</summary>
    public FreeGroupIndex FreeGroups;

    /// <summary>
    /// Null, or the function of an implementation that keeps frames aside (a front cache: frames it holds are
    /// allocations in these bitmaps, owned by the cache) and gives them all back to the bitmaps when called, so the
    /// bitmaps and counts show exactly what the callers' allocations and frees imply. The shared functions call it
    /// (<see cref="Settle"/>) before anything reads the state from outside: counts, view, split and consistency check.
    /// </summary>
    public delegate*<void*, void> GiveBackHeldFrames;

    /// <summary>Returned by <see cref="FindRun"/> when no run fits.</summary>
    public const ulong NoFrame = ulong.MaxValue;

    /// <summary>
    /// Bytes the four bitmaps, the owner bytes and the free-group index need for <paramref name="frameCount"/> frames
    /// (4 + 8 bits per frame, and about 1/63 bit per frame for the index).
    /// </summary>
    public static ulong Bytes(ulong frameCount) =>
        (BitmapCount * 8 + 64) * FrameBitmap.WordCount(frameCount) + FreeGroupIndex.Bytes(FrameBitmap.WordCount(frameCount));

    /// <summary>
    /// Points the table at <see cref="Bytes"/> bytes of 8-byte aligned memory; contents are left as they are until
    /// the bitmaps are filled and <see cref="Recount"/> derives the counts and the free-group index from them.
    /// </summary>
    public void Attach(ulong frameCount, ulong* memory)
    {
        FrameCount = frameCount;
        WordCount = FrameBitmap.WordCount(frameCount);
        Pab = memory;
        Reserved = memory + WordCount;
        AllocationStarts = memory + 2 * WordCount;
        EverAllocated = memory + 3 * WordCount;
        Owners = (byte*)(memory + BitmapCount * WordCount);
        FreeGroups.Attach(WordCount, memory + (BitmapCount + 8) * WordCount);
        FreeFrames = 0;
        ReservedFrames = 0;
    }

    /// <summary>
    /// Makes the bitmaps and counts exact: calls <see cref="GiveBackHeldFrames"/> when the implementation set it, with
    /// <paramref name="table"/>, which is the start of its context.
    /// </summary>
    public static void Settle(FrameTable* table)
    {
        if (table->GiveBackHeldFrames != null)
        {
            table->GiveBackHeldFrames(table);
        }
    }

    /// <summary>The bitmaps and owners as the facade and other implementations see them.</summary>
    public readonly FrameStateView View => new FrameStateView(FrameCount, Pab, Reserved, AllocationStarts, EverAllocated, Owners);

    /// <summary>The frame counts.</summary>
    public readonly PmmCounts Counts => new PmmCounts(FrameCount, FreeFrames, ReservedFrames);

    /// <summary>Copies the four bitmaps and the owners of <paramref name="source"/> (same frame count) and recounts.</summary>
    public void CopyFrom(in FrameStateView source)
    {
        FrameBitmap.Copy(Pab, source.Pab, WordCount);
        FrameBitmap.Copy(Reserved, source.Reserved, WordCount);
        FrameBitmap.Copy(AllocationStarts, source.AllocationStarts, WordCount);
        FrameBitmap.Copy(EverAllocated, source.EverAllocated, WordCount);
        FrameBitmap.Copy((ulong*)Owners, (ulong*)source.Owners, 8 * WordCount);
        Recount();
    }

    /// <summary>Recomputes <see cref="FreeFrames"/>, <see cref="ReservedFrames"/> and <see cref="FreeGroups"/> from the bitmaps.</summary>
    public void Recount()
    {
        ReservedFrames = FrameBitmap.CountSet(Reserved, 0, FrameCount);
        FreeFrames = FrameCount - FrameBitmap.CountSet(Pab, 0, FrameCount);
        FreeGroups.Build(Pab);
    }

    /// <summary>
    /// The lowest start that is a multiple of <paramref name="alignment"/> and begins <paramref name="count"/> free
    /// frames, or <see cref="NoFrame"/>; arguments already passed <see cref="CheckAllocation"/>. With an alignment
    /// and a count of 64 or more, every fitting start is a wholly free group, so the search walks the free-group
    /// index (one word per level per candidate; none at all when no group is free). Anything else is a word-wise
    /// scan of the PAB (<see cref="FrameBitmap.FindClearRun"/>).
    /// </summary>
    public readonly ulong FindRun(ulong count, ulong alignment)
    {
        if (alignment < 64 || count < 64)
        {
            ulong found = FrameBitmap.FindClearRun(Pab, FrameCount, count, alignment);
            return found == FrameCount ? NoFrame : found;
        }

        ulong step = alignment >> 6; // groups per alignment unit
        ulong group = FreeGroups.FindNext(0);
        while (group != FreeGroupIndex.NoGroup)
        {
            ulong aligned = (group + step - 1) & ~(step - 1);
            if (aligned != group)
            {
                group = aligned < group ? FreeGroupIndex.NoGroup : FreeGroups.FindNext(aligned);
                continue;
            }

            ulong first = group << 6;
            if (count > FrameCount - first)
            {
                return NoFrame;
            }

            ulong end = first + count;
            ulong lastTaken = FrameBitmap.FindLastSet(Pab, first, end);
            if (lastTaken == end)
            {
                return first;
            }

            group = FreeGroups.FindNext((lastTaken >> 6) + 1);
        }

        return NoFrame;
    }

    /// <summary>
    /// The checks every allocation makes before searching: <see cref="PmmStatus.ZeroCount"/>,
    /// <see cref="PmmStatus.InvalidAlignment"/>, and <see cref="PmmStatus.OutOfMemory"/> when the count exceeds the
    /// free frames (so searches never overflow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly PmmStatus CheckAllocation(ulong count, ulong alignment)
    {
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            return PmmStatus.InvalidAlignment;
        }

        return count > FreeFrames ? PmmStatus.OutOfMemory : PmmStatus.Success;
    }

    /// <summary>
    /// Decides whether a free of <paramref name="count"/> frames at <paramref name="address"/> by
    /// <paramref name="owner"/> is valid, checking in this order: zero count, misaligned address, range out of bounds,
    /// first frame reserved, first frame free (double free or never allocated), first frame not an allocation start,
    /// the allocation's owner, and the count against the allocation's extent. On success
    /// <paramref name="firstFrame"/> is the frame to free. Changes nothing.
    /// </summary>
    public readonly PmmStatus CheckFree(PhysicalAddress address, ulong count, FrameOwner owner, out ulong firstFrame)
    {
        firstFrame = 0;
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        PmmStatus status = CheckAllocatedRange(address, count, out ulong first);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        if ((AllocationStarts[first >> 6] & (1UL << (int)(first & 63))) == 0)
        {
            return PmmStatus.NotAllocationStart;
        }

        if (Owners[first] != (byte)owner)
        {
            return PmmStatus.WrongOwner;
        }

        // The allocation's extent: the start frame, then every following frame that is allocated (not free, not
        // reserved) and is not the start of another allocation.
        ulong end = first + count;
        if (!IsContinuationRange(first + 1, end) || (end < FrameCount && IsContinuation(end)))
        {
            return PmmStatus.CountMismatch;
        }

        firstFrame = first;
        return PmmStatus.Success;
    }

    // The checks a free and a split share, in this order: misaligned address, [first, first + count) out of bounds,
    // first frame reserved, first frame free (double free or never allocated). On success the first frame is allocated.
    private readonly PmmStatus CheckAllocatedRange(PhysicalAddress address, ulong count, out ulong first)
    {
        first = address.FrameNumber;
        if (!address.IsFrameAligned)
        {
            return PmmStatus.MisalignedAddress;
        }

        if (first >= FrameCount || count > FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        ulong word = first >> 6;
        ulong mask = 1UL << (int)(first & 63);
        if ((Reserved[word] & mask) != 0)
        {
            return PmmStatus.FrameReserved;
        }

        if ((Pab[word] & mask) == 0)
        {
            return (EverAllocated[word] & mask) != 0 ? PmmStatus.DoubleFree : PmmStatus.NotAllocated;
        }

        return PmmStatus.Success;
    }

    /// <summary>
    /// Decides whether an allocation of exactly the <paramref name="count"/> frames at <paramref name="address"/> is
    /// valid, checking in this order: zero count, misaligned address, range out of bounds, some frame of the range
    /// reserved, some frame of the range allocated (a double allocation). On success <paramref name="firstFrame"/> is
    /// the first frame and every frame of the range is free. Changes nothing.
    /// </summary>
    public readonly PmmStatus CheckAllocationAt(PhysicalAddress address, ulong count, out ulong firstFrame)
    {
        firstFrame = 0;
        if (count == 0)
        {
            return PmmStatus.ZeroCount;
        }

        if (!address.IsFrameAligned)
        {
            return PmmStatus.MisalignedAddress;
        }

        ulong first = address.FrameNumber;
        if (first >= FrameCount || count > FrameCount - first)
        {
            return PmmStatus.AddressOutOfRange;
        }

        ulong end = first + count;
        if (!FrameBitmap.IsRangeClear(Pab, first, end))
        {
            // Not all free: a reserved frame anywhere in the range decides before an allocated one.
            return FrameBitmap.IsRangeClear(Reserved, first, end) ? PmmStatus.AlreadyAllocated : PmmStatus.FrameReserved;
        }

        firstFrame = first;
        return PmmStatus.Success;
    }

    /// <summary>
    /// Splits <paramref name="owner"/>'s allocation that holds the frame at <paramref name="address"/> into two, the
    /// second starting at that frame (which becomes an allocation start of the same owner). At an allocation's first
    /// frame it changes nothing. Checks in this order: misaligned address, frame out of range, frame reserved, frame
    /// free (double free or never allocated), the allocation's owner. No frame changes between free and allocated, so
    /// no implementation's index is affected.
    /// </summary>
    public PmmStatus Split(PhysicalAddress address, FrameOwner owner)
    {
        PmmStatus status = CheckAllocatedRange(address, 1, out ulong frame);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        // An allocated frame lies in exactly one allocation, whose start carries the owner.
        if (!View.TryGetAllocation(frame, out ulong start, out _) || Owners[start] != (byte)owner)
        {
            return PmmStatus.WrongOwner;
        }

        AllocationStarts[frame >> 6] |= 1UL << (int)(frame & 63);
        Owners[frame] = (byte)owner;
        return PmmStatus.Success;
    }

    /// <summary>True when frame <paramref name="frame"/> is allocated and not the start of an allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool IsContinuation(ulong frame)
    {
        ulong word = frame >> 6;
        ulong continuation = Pab[word] & ~Reserved[word] & ~AllocationStarts[word];
        return (continuation & (1UL << (int)(frame & 63))) != 0;
    }

    private readonly bool IsContinuationRange(ulong start, ulong end)
    {
        for (ulong frame = start; frame < end;)
        {
            ulong word = frame >> 6;
            ulong wordEnd = (word + 1) << 6;
            ulong stop = end < wordEnd ? end : wordEnd;
            ulong mask = ulong.MaxValue << (int)(frame & 63);
            if (stop < wordEnd)
            {
                mask &= ulong.MaxValue >> (int)(wordEnd - stop);
            }

            ulong continuation = Pab[word] & ~Reserved[word] & ~AllocationStarts[word];
            if ((continuation & mask) != mask)
            {
                return false;
            }

            frame = stop;
        }

        return true;
    }

    /// <summary>
    /// Records that the free frame <paramref name="frame"/>, bit <paramref name="bit"/> of PAB word
    /// <paramref name="word"/> (whose value is <paramref name="pabWord"/>), is now a single-frame allocation of
    /// <paramref name="owner"/>. Returns the word's new PAB value. The single-frame fast path of
    /// <see cref="RecordAllocation"/>: the caller already holds the PAB word it searched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong RecordFrameAllocation(ulong word, ulong bit, ulong pabWord, ulong frame, FrameOwner owner)
    {
        ulong allocated = pabWord | bit;
        Pab[word] = allocated;
        if (pabWord == 0)
        {
            FreeGroups.GroupTaken(word);
        }

        EverAllocated[word] |= bit;
        AllocationStarts[word] |= bit;
        Owners[frame] = (byte)owner;
        FreeFrames--;
        return allocated;
    }

    /// <summary>
    /// The fast path of a free: when the request is a valid free of a single-frame allocation (count 1, a frame's
    /// first byte, in range, allocated, an allocation start, owned by <paramref name="owner"/>, and the next frame
    /// not a continuation), records the free and returns true with the frame and its PAB word's value before the
    /// free. Otherwise changes nothing and returns false; the caller then goes through <see cref="CheckFree"/>, which
    /// decides the status. Only the frame's own word is read: a frame that is the last of its word (the next frame's
    /// bits are in the next word) is left to the general path. The next frame may lie past the frame count: padding
    /// bits are reserved, so they never read as a continuation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFreeSingleFrame(PhysicalAddress address, ulong count, FrameOwner owner, out ulong frame, out ulong oldPabWord)
    {
        frame = address.Value >> PhysicalAddress.FrameShift;
        oldPabWord = 0;
        if (count != 1 || !address.IsFrameAligned || frame >= FrameCount || (frame & 63) == 63)
        {
            return false;
        }

        ulong word = frame >> 6;
        ulong bit = 1UL << (int)(frame & 63);
        ulong pab = Pab[word];
        ulong allocated = pab & ~Reserved[word];
        ulong starts = AllocationStarts[word];
        if ((allocated & starts & bit) == 0 || (allocated & ~starts & (bit << 1)) != 0 || Owners[frame] != (byte)owner)
        {
            return false;
        }

        Pab[word] = pab & ~bit;
        if (pab == bit)
        {
            FreeGroups.GroupFreed(word);
        }

        AllocationStarts[word] = starts & ~bit;
        FreeFrames++;
        oldPabWord = pab;
        return true;
    }

    /// <summary>
    /// True when freeing <paramref name="count"/> frames at <paramref name="address"/> by <paramref name="owner"/> is
    /// a valid free of a single-frame allocation that <see cref="CheckFree"/> would accept, judged from the frame's
    /// own PAB, reserved and start words and its owner byte; <paramref name="frame"/> is then its frame number.
    /// False means "not decided here" (the frame that ends its word included): the caller asks
    /// <see cref="CheckFree"/>. Changes nothing; the checks are those of <see cref="TryFreeSingleFrame"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool IsSingleFrameAllocation(PhysicalAddress address, ulong count, FrameOwner owner, out ulong frame)
    {
        frame = address.Value >> PhysicalAddress.FrameShift;
        if (count != 1 || !address.IsFrameAligned || frame >= FrameCount || (frame & 63) == 63)
        {
            return false;
        }

        ulong word = frame >> 6;
        ulong bit = 1UL << (int)(frame & 63);
        ulong allocated = Pab[word] & ~Reserved[word];
        ulong starts = AllocationStarts[word];
        return (allocated & starts & bit) != 0 && (allocated & ~starts & (bit << 1)) == 0 && Owners[frame] == (byte)owner;
    }

    /// <summary>Records that the free frames [first, first + count) are now one allocation of <paramref name="owner"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordAllocation(ulong first, ulong count, FrameOwner owner)
    {
        Owners[first] = (byte)owner;
        if (count == 1)
        {
            ulong word = first >> 6;
            ulong mask = 1UL << (int)(first & 63);
            ulong pab = Pab[word];
            Pab[word] = pab | mask;
            if (pab == 0)
            {
                FreeGroups.GroupTaken(word);
            }

            EverAllocated[word] |= mask;
            AllocationStarts[word] |= mask;
        }
        else
        {
            FrameBitmap.SetRange(Pab, first, first + count);
            FreeGroups.GroupsChanged(Pab, first >> 6, (first + count - 1) >> 6);
            FrameBitmap.SetRange(EverAllocated, first, first + count);
            FrameBitmap.Set(AllocationStarts, first);
        }

        FreeFrames -= count;
    }

    /// <summary>Records that the allocation [first, first + count), checked by <see cref="CheckFree"/>, is free again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordFree(ulong first, ulong count)
    {
        if (count == 1)
        {
            ulong word = first >> 6;
            ulong mask = ~(1UL << (int)(first & 63));
            ulong pab = Pab[word] & mask;
            Pab[word] = pab;
            if (pab == 0)
            {
                FreeGroups.GroupFreed(word);
            }

            AllocationStarts[word] &= mask;
        }
        else
        {
            FrameBitmap.ClearRange(Pab, first, first + count);
            FreeGroups.GroupsChanged(Pab, first >> 6, (first + count - 1) >> 6);
            FrameBitmap.Clear(AllocationStarts, first);
        }

        FreeFrames += count;
    }
}
