// The kernel heap's second implementation ("slab"): a size-class allocator. Requests up to 2048 bytes are rounded up
// to a power of two (16 ... 2048) and served from slabs: runs of frames holding objects of one size, with a bitmap
// of which objects are in use. Larger requests get whole frames of their own. Frames come from a FrameSource (the
// PMM in the kernel); a slab that becomes empty is given back unless it is its class's only empty slab, so a burst
// leaves at most one spare slab per class behind; once retired (switched out), no empty slab is kept at all.
// Every slab and large block is recorded in a sorted directory (address, frames, kind), so Owns and Free find a
// pointer's slab by binary search without ever reading memory the heap does not own, and a bad or double free is
// reported, not obeyed. Shared code: the host tests run it over memory of their own.
namespace MeghaOS.Memory;

using System.Numerics;

/// <summary>The state of one size-class heap; the caller provides the memory for it.</summary>
public unsafe struct SlabHeapState
{
    internal FrameSource Source;
    internal SlabHeap.Extent* Directory;
    internal ulong DirectoryCount;
    internal ulong DirectoryCapacity;
    internal ulong DirectoryFrames;
    internal fixed ulong PartialSlabs[SlabHeap.ClassCount]; // SlabHeap.Slab*, head of a doubly-linked list
    internal fixed uint EmptySlabs[SlabHeap.ClassCount];    // how many slabs of the list are entirely free (0 or 1)
    internal ulong BytesInUse;
    internal ulong BlocksInUse;
    internal ulong BytesFree;
    internal ulong FramesHeld;
    internal bool Retired;
}

/// <summary>A size-class (slab) heap behind a <see cref="HeapOperations"/> table.</summary>
public static unsafe class SlabHeap
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "slab";

    /// <summary>Every block's payload is aligned to this many bytes (large blocks: to a frame).</summary>
    public const ulong Alignment = 16;

    /// <summary>Number of size classes: 16, 32, 64, 128, 256, 512, 1024 and 2048 bytes.</summary>
    public const int ClassCount = 8;

    /// <summary>The smallest size class in bytes.</summary>
    public const ulong SmallestClassBytes = 16;

    /// <summary>The largest size class; bigger requests get whole frames.</summary>
    public const ulong LargestClassBytes = 2048;

    /// <summary>The largest single allocation: 1 GiB.</summary>
    public const ulong MaxAllocationBytes = 1UL << 30;

    /// <summary>Bytes at the start of every slab taken by its header.</summary>
    public const ulong SlabHeaderBytes = 64;

    private const uint LargeKind = 0xFF;
    private const int BitmapWords = 4;

    /// <summary>A slab's header, at the first byte of its first frame; objects follow it.</summary>
    internal struct Slab
    {
        public Slab* Next;
        public Slab* Previous;
        public uint ObjectSize;
        public uint ObjectCount;
        public uint FreeCount;
        public ushort Class;
        public ushort ObjectShift;  // log2(ObjectSize): frees divide by shifting
        public fixed ulong Used[BitmapWords]; // bit set: object in use, or past ObjectCount
    }

    /// <summary>One directory entry: a slab or a large block, by its first byte.</summary>
    internal struct Extent
    {
        public ulong Start;
        public uint Frames;
        public uint Kind;   // size class, or LargeKind
    }

    /// <summary>The descriptor <see cref="HeapCatalog"/> lists.</summary>
    public static HeapImplementation Implementation => new HeapImplementation
    {
        Name = Name,
        StateBytes = (ulong)sizeof(SlabHeapState),
        Create = &CreateIn,
        SpareFramesWhenEmpty = ClassCount * 4 + 1,
    };

    /// <summary>Creates an empty heap in <paramref name="state"/> that takes frames from <paramref name="source"/>.</summary>
    public static HeapOperations Create(SlabHeapState* state, in FrameSource source)
    {
        *state = default;
        state->Source = source;
        return Operations(state);
    }

    private static HeapOperations CreateIn(void* state, in FrameSource source) => Create((SlabHeapState*)state, source);

    /// <summary>The operations table of the heap already created in <paramref name="state"/>.</summary>
    public static HeapOperations Operations(SlabHeapState* state)
    {
        return new HeapOperations
        {
            Name = Name,
            Context = state,
            Allocate = &Allocate,
            Free = &Free,
            Owns = &Owns,
            GetStats = &GetStats,
            VisitFrameRuns = &VisitFrameRuns,
            SetRetired = &SetRetired,
        };
    }

    /// <summary>The bytes a request of <paramref name="size"/> bytes occupies: its class size, or whole frames.</summary>
    public static ulong BlockBytes(ulong size)
    {
        if (size > LargestClassBytes)
        {
            return RoundUp(size, PhysicalAddress.FrameSize);
        }

        return ClassBytes(ClassOf(size));
    }

    /// <summary>Frames one slab of the class holding <paramref name="size"/>-byte requests occupies.</summary>
    public static ulong SlabFrames(ulong size) => size > 256 ? 4UL : 1UL;

    /// <summary>Allocates at least <paramref name="size"/> bytes aligned to 16; null when size is 0, too big, or memory is out.</summary>
    public static void* Allocate(void* context, nuint size)
    {
        var state = (SlabHeapState*)context;
        if (size == 0 || size > MaxAllocationBytes)
        {
            return null;
        }

        if (size > LargestClassBytes)
        {
            return AllocateLarge(state, size);
        }

        int sizeClass = ClassOf(size);
        Slab* slab = (Slab*)state->PartialSlabs[sizeClass];
        if (slab == null)
        {
            slab = NewSlab(state, sizeClass);
            if (slab == null)
            {
                return null;
            }
        }

        if (slab->FreeCount == slab->ObjectCount)
        {
            state->EmptySlabs[sizeClass]--;
        }

        int index = TakeFreeObject(slab);
        slab->FreeCount--;
        if (slab->FreeCount == 0)
        {
            Unlink(state, slab);
        }

        state->BytesInUse += slab->ObjectSize;
        state->BytesFree -= slab->ObjectSize;
        state->BlocksInUse++;
        return (byte*)slab + SlabHeaderBytes + ((ulong)index << slab->ObjectShift);
    }

    /// <summary>Frees a block; InvalidPointer for anything this heap did not hand out, DoubleFree for a freed block.</summary>
    public static HeapStatus Free(void* context, void* pointer)
    {
        var state = (SlabHeapState*)context;
        if (pointer == null || ((ulong)pointer & (Alignment - 1)) != 0)
        {
            return HeapStatus.InvalidPointer;
        }

        long entry = FindExtent(state, (ulong)pointer);
        if (entry < 0)
        {
            return HeapStatus.InvalidPointer;
        }

        Extent extent = state->Directory[entry];
        if (extent.Kind == LargeKind)
        {
            if ((ulong)pointer != extent.Start)
            {
                return HeapStatus.InvalidPointer;
            }

            RemoveExtent(state, entry);
            ulong bytes = (ulong)extent.Frames * PhysicalAddress.FrameSize;
            state->BytesInUse -= bytes;
            state->BlocksInUse--;
            state->FramesHeld -= extent.Frames;
            state->Source.Free(state->Source.Context, DirectMap.Physical((void*)extent.Start), extent.Frames);
            return HeapStatus.Success;
        }

        var slab = (Slab*)extent.Start;
        ulong offset = (ulong)pointer - extent.Start;
        if (offset < SlabHeaderBytes || ((offset - SlabHeaderBytes) & (slab->ObjectSize - 1)) != 0)
        {
            return HeapStatus.InvalidPointer;
        }

        ulong index = (offset - SlabHeaderBytes) >> slab->ObjectShift;
        if (index >= slab->ObjectCount)
        {
            return HeapStatus.InvalidPointer;
        }

        ulong bit = 1UL << (int)(index % 64);
        if ((slab->Used[index / 64] & bit) == 0)
        {
            return HeapStatus.DoubleFree;
        }

        slab->Used[index / 64] &= ~bit;
        slab->FreeCount++;
        state->BytesInUse -= slab->ObjectSize;
        state->BytesFree += slab->ObjectSize;
        state->BlocksInUse--;
        if (slab->FreeCount == 1)
        {
            Push(state, slab); // it was full, so on no list
        }

        if (slab->FreeCount == slab->ObjectCount)
        {
            if (state->EmptySlabs[slab->Class] == 0 && !state->Retired)
            {
                state->EmptySlabs[slab->Class] = 1; // kept for the next allocation of this class
            }
            else
            {
                ReleaseSlab(state, slab, entry);
            }
        }

        return HeapStatus.Success;
    }

    /// <summary>True when <paramref name="pointer"/> lies inside one of the heap's slabs or large blocks.</summary>
    public static bool Owns(void* context, void* pointer) => FindExtent((SlabHeapState*)context, (ulong)pointer) >= 0;

    /// <summary>
    /// The heap's figures. Free bytes are the free object slots of all slabs; the largest free block is the largest
    /// class with a free slot (what can be allocated without asking for more frames).
    /// </summary>
    public static HeapStats GetStats(void* context)
    {
        var state = (SlabHeapState*)context;
        ulong largest = 0;
        for (int sizeClass = 0; sizeClass < ClassCount; sizeClass++)
        {
            if (state->PartialSlabs[sizeClass] != 0)
            {
                largest = ClassBytes(sizeClass);
            }
        }

        return new HeapStats(state->BytesInUse, state->BytesFree, largest, state->BlocksInUse);
    }

    /// <summary>Frames the heap holds from its frame source now (slabs, large blocks and the directory).</summary>
    public static ulong FramesHeld(SlabHeapState* state) => state->FramesHeld + state->DirectoryFrames;

    /// <summary>Reports every slab and large block, and the directory: each is one allocation of the frame source.</summary>
    public static void VisitFrameRuns(void* context, in FrameRunVisitor visitor)
    {
        var state = (SlabHeapState*)context;
        for (ulong i = 0; i < state->DirectoryCount; i++)
        {
            visitor.Report(DirectMap.Physical((void*)state->Directory[i].Start), state->Directory[i].Frames);
        }

        if (state->Directory != null)
        {
            visitor.Report(DirectMap.Physical(state->Directory), state->DirectoryFrames);
        }
    }

    /// <summary>Retired: every empty slab goes back now, and each one that empties later at once. Active: one spare per class.</summary>
    public static void SetRetired(void* context, bool retired)
    {
        var state = (SlabHeapState*)context;
        state->Retired = retired;
        for (int sizeClass = 0; retired && sizeClass < ClassCount; sizeClass++)
        {
            Slab* slab = (Slab*)state->PartialSlabs[sizeClass];
            while (slab != null)
            {
                Slab* next = slab->Next;
                if (slab->FreeCount == slab->ObjectCount)
                {
                    state->EmptySlabs[sizeClass]--;
                    ReleaseSlab(state, slab, FindExtent(state, (ulong)slab));
                }

                slab = next;
            }
        }
    }

    private static void* AllocateLarge(SlabHeapState* state, ulong size)
    {
        ulong frames = RoundUp(size, PhysicalAddress.FrameSize) / PhysicalAddress.FrameSize;
        if (state->Source.Allocate(state->Source.Context, frames, out PhysicalAddress address) != PmmStatus.Success)
        {
            return null;
        }

        if (!InsertExtent(state, (ulong)DirectMap.Pointer(address), (uint)frames, LargeKind))
        {
            state->Source.Free(state->Source.Context, address, frames);
            return null;
        }

        state->FramesHeld += frames;
        state->BytesInUse += frames * PhysicalAddress.FrameSize;
        state->BlocksInUse++;
        // The frame is used through the direct map.
        return DirectMap.Pointer(address);
    }

    private static Slab* NewSlab(SlabHeapState* state, int sizeClass)
    {
        ulong objectSize = ClassBytes(sizeClass);
        ulong frames = SlabFrames(objectSize);
        if (state->Source.Allocate(state->Source.Context, frames, out PhysicalAddress address) != PmmStatus.Success)
        {
            return null;
        }

        if (!InsertExtent(state, (ulong)DirectMap.Pointer(address), (uint)frames, (uint)sizeClass))
        {
            state->Source.Free(state->Source.Context, address, frames);
            return null;
        }

        var slab = (Slab*)DirectMap.Pointer(address);
        uint count = (uint)((frames * PhysicalAddress.FrameSize - SlabHeaderBytes) / objectSize);
        slab->ObjectSize = (uint)objectSize;
        slab->ObjectCount = count;
        slab->FreeCount = count;
        slab->Class = (ushort)sizeClass;
        slab->ObjectShift = (ushort)BitOperations.Log2(objectSize);
        for (int word = 0; word < BitmapWords; word++)
        {
            // Bits past the last object are marked used so the search never hands them out.
            uint first = (uint)word * 64;
            slab->Used[word] = count >= first + 64 ? 0UL : count <= first ? ulong.MaxValue : ulong.MaxValue << (int)(count - first);
        }

        state->FramesHeld += frames;
        state->BytesFree += count * objectSize;
        state->EmptySlabs[sizeClass]++;
        Push(state, slab);
        return slab;
    }

    private static void ReleaseSlab(SlabHeapState* state, Slab* slab, long entry)
    {
        Unlink(state, slab);
        Extent extent = state->Directory[entry];
        RemoveExtent(state, entry);
        state->BytesFree -= (ulong)slab->ObjectCount * slab->ObjectSize;
        state->FramesHeld -= extent.Frames;
        state->Source.Free(state->Source.Context, DirectMap.Physical((void*)extent.Start), extent.Frames);
    }

    private static int TakeFreeObject(Slab* slab)
    {
        for (int word = 0; word < BitmapWords; word++)
        {
            ulong free = ~slab->Used[word];
            if (free != 0)
            {
                int bit = BitOperations.TrailingZeroCount(free);
                slab->Used[word] |= 1UL << bit;
                return word * 64 + bit;
            }
        }

        return -1; // not reached: only slabs with FreeCount > 0 are asked
    }

    private static void Push(SlabHeapState* state, Slab* slab)
    {
        var head = (Slab*)state->PartialSlabs[slab->Class];
        slab->Previous = null;
        slab->Next = head;
        if (head != null)
        {
            head->Previous = slab;
        }

        state->PartialSlabs[slab->Class] = (ulong)slab;
    }

    private static void Unlink(SlabHeapState* state, Slab* slab)
    {
        if (slab->Previous != null)
        {
            slab->Previous->Next = slab->Next;
        }
        else
        {
            state->PartialSlabs[slab->Class] = (ulong)slab->Next;
        }

        if (slab->Next != null)
        {
            slab->Next->Previous = slab->Previous;
        }

        slab->Next = null;
        slab->Previous = null;
    }

    // The index of the entry whose extent holds address, or -1: the last entry starting at or below it.
    private static long FindExtent(SlabHeapState* state, ulong address)
    {
        long low = 0;
        long high = (long)state->DirectoryCount - 1;
        long found = -1;
        while (low <= high)
        {
            long middle = low + (high - low) / 2;
            if (state->Directory[middle].Start <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found < 0)
        {
            return -1;
        }

        Extent extent = state->Directory[found];
        return address - extent.Start < (ulong)extent.Frames * PhysicalAddress.FrameSize ? found : -1;
    }

    private static bool InsertExtent(SlabHeapState* state, ulong start, uint frames, uint kind)
    {
        if (state->DirectoryCount == state->DirectoryCapacity && !GrowDirectory(state))
        {
            return false;
        }

        long position = (long)state->DirectoryCount;
        while (position > 0 && state->Directory[position - 1].Start > start)
        {
            state->Directory[position] = state->Directory[position - 1];
            position--;
        }

        state->Directory[position] = new Extent { Start = start, Frames = frames, Kind = kind };
        state->DirectoryCount++;
        return true;
    }

    private static void RemoveExtent(SlabHeapState* state, long entry)
    {
        for (ulong i = (ulong)entry; i + 1 < state->DirectoryCount; i++)
        {
            state->Directory[i] = state->Directory[i + 1];
        }

        state->DirectoryCount--;
        if (state->DirectoryCount == 0)
        {
            // An empty heap holds no directory frames either.
            state->Source.Free(state->Source.Context, DirectMap.Physical(state->Directory), state->DirectoryFrames);
            state->Directory = null;
            state->DirectoryCapacity = 0;
            state->DirectoryFrames = 0;
        }
    }

    // Doubles the directory (one frame at first), copying the entries into new frames.
    private static bool GrowDirectory(SlabHeapState* state)
    {
        ulong frames = state->DirectoryFrames == 0 ? 1 : state->DirectoryFrames * 2;
        if (state->Source.Allocate(state->Source.Context, frames, out PhysicalAddress address) != PmmStatus.Success)
        {
            return false;
        }

        var directory = (Extent*)DirectMap.Pointer(address);
        for (ulong i = 0; i < state->DirectoryCount; i++)
        {
            directory[i] = state->Directory[i];
        }

        if (state->Directory != null)
        {
            state->Source.Free(state->Source.Context, DirectMap.Physical(state->Directory), state->DirectoryFrames);
        }

        state->Directory = directory;
        state->DirectoryFrames = frames;
        state->DirectoryCapacity = frames * PhysicalAddress.FrameSize / (ulong)sizeof(Extent);
        return true;
    }

    private static int ClassOf(ulong size) =>
        size <= SmallestClassBytes ? 0 : BitOperations.Log2(size - 1) + 1 - BitOperations.Log2(SmallestClassBytes);

    private static ulong ClassBytes(int sizeClass) => SmallestClassBytes << sizeClass;

    private static ulong RoundUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
