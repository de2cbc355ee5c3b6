// The kernel heap's first implementation ("freelist"): first fit over an address-ordered free list with
// coalescing. Memory comes in chunks of whole frames from a FrameSource (the PMM in the kernel); a chunk that
// becomes entirely free is given back, except the last one, so a heap that grows for a burst shrinks again. Once
// retired (switched out), it keeps nothing spare: every whole frame inside a free block goes back too, the chunk split
// around it (FrameSource.Split), so the active heap can use it. Every block has a 16-byte header (size and a magic
// word), so a bad or double free is reported, not obeyed. Shared code: the host tests run it over memory of their own.
namespace MeghaOS.Memory;

/// <summary>The state of one free-list heap; the caller provides the memory for it.</summary>
public unsafe struct FreeListHeapState
{
    internal FrameSource Source;
    internal FreeListHeap.Chunk* Chunks;
    internal FreeListHeap.Block* FreeList;
    internal ulong BytesInUse;
    internal ulong BlocksInUse;
    internal ulong BytesFree;
    internal ulong FramesHeld;
    internal bool Retired;
}

/// <summary>A first-fit free-list heap behind a <see cref="HeapOperations"/> table.</summary>
public static unsafe class FreeListHeap
{
    /// <summary>The name in the operations table.</summary>
    public const string Name = "freelist";

    /// <summary>Every block's payload is aligned to this many bytes.</summary>
    public const ulong Alignment = 16;

    /// <summary>Bytes of bookkeeping in front of every block.</summary>
    public const ulong HeaderBytes = 16;

    /// <summary>Frames asked for at a time when the heap grows (64 KiB), unless one allocation needs more.</summary>
    public const ulong ChunkFrames = 16;

    /// <summary>The largest single allocation: 1 GiB.</summary>
    public const ulong MaxAllocationBytes = 1UL << 30;

    private const ulong UsedMagic = 0x4845415055534544;   // "HEAPUSED"
    private const ulong FreeMagic = 0x4845415046524545;   // "HEAPFREE"
    private const ulong MinimumBlockBytes = 32;           // header + a free-list link, rounded to the alignment

    /// <summary>The start of a run of frames owned by the heap; blocks follow it.</summary>
    internal struct Chunk
    {
        public Chunk* Next;
        public ulong FrameCount;
        public ulong Padding0;  // keeps the first block 16-byte aligned (the header is 32 bytes)
        public ulong Padding1;
    }

    /// <summary>A block header; a free block's payload starts with the link to the next free block.</summary>
    internal struct Block
    {
        public ulong Size;      // bytes, header included, a multiple of Alignment
        public ulong Magic;
        public Block* NextFree; // only meaningful while free
    }

    /// <summary>The descriptor <see cref="HeapCatalog"/> lists.</summary>
    public static HeapImplementation Implementation => new HeapImplementation
    {
        Name = Name,
        StateBytes = (ulong)sizeof(FreeListHeapState),
        Create = &CreateIn,
        SpareFramesWhenEmpty = ChunkFrames,
    };

    /// <summary>Creates an empty heap in <paramref name="state"/> that takes frames from <paramref name="source"/>.</summary>
    public static HeapOperations Create(FreeListHeapState* state, in FrameSource source)
    {
        *state = default;
        state->Source = source;
        return Operations(state);
    }

    private static HeapOperations CreateIn(void* state, in FrameSource source) => Create((FreeListHeapState*)state, source);

    /// <summary>The operations table of the heap already created in <paramref name="state"/>.</summary>
    public static HeapOperations Operations(FreeListHeapState* state)
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

    /// <summary>Allocates at least <paramref name="size"/> bytes aligned to 16; null when size is 0, too big, or memory is out.</summary>
    public static void* Allocate(void* context, nuint size)
    {
        var state = (FreeListHeapState*)context;
        if (size == 0 || size > MaxAllocationBytes)
        {
            return null;
        }

        ulong needed = RoundUp(size, Alignment) + HeaderBytes;
        Block* block = TakeFirstFit(state, needed);
        if (block == null)
        {
            if (!Grow(state, needed))
            {
                return null;
            }

            block = TakeFirstFit(state, needed);
            if (block == null)
            {
                return null;
            }
        }

        block->Magic = UsedMagic;
        state->BytesInUse += block->Size - HeaderBytes;
        state->BlocksInUse++;
        return (byte*)block + HeaderBytes;
    }

    /// <summary>Frees a block; InvalidPointer for anything this heap did not hand out, DoubleFree for a freed block.</summary>
    public static HeapStatus Free(void* context, void* pointer)
    {
        var state = (FreeListHeapState*)context;
        if (pointer == null || ((ulong)pointer & (Alignment - 1)) != 0)
        {
            return HeapStatus.InvalidPointer;
        }

        Chunk* chunk = ChunkOf(state, pointer);
        if (chunk == null)
        {
            return HeapStatus.InvalidPointer;
        }

        var block = (Block*)((byte*)pointer - HeaderBytes);
        if ((byte*)block < FirstBlockAddress(chunk))
        {
            return HeapStatus.InvalidPointer;
        }

        if (block->Magic == FreeMagic)
        {
            return HeapStatus.DoubleFree;
        }

        if (block->Magic != UsedMagic || block->Size < MinimumBlockBytes || (byte*)block + block->Size > ChunkEnd(chunk))
        {
            return HeapStatus.InvalidPointer;
        }

        state->BytesInUse -= block->Size - HeaderBytes;
        state->BlocksInUse--;
        Block* merged = InsertFree(state, block);
        if (state->Retired)
        {
            ReleaseFreeFrames(state, chunk, merged);
        }
        else
        {
            ReleaseChunkIfEmpty(state, chunk, merged);
        }

        return HeapStatus.Success;
    }

    /// <summary>True when <paramref name="pointer"/> lies inside one of the heap's chunks.</summary>
    public static bool Owns(void* context, void* pointer) => ChunkOf((FreeListHeapState*)context, pointer) != null;

    /// <summary>The heap's figures.</summary>
    public static HeapStats GetStats(void* context)
    {
        var state = (FreeListHeapState*)context;
        ulong largest = 0;
        for (Block* block = state->FreeList; block != null; block = block->NextFree)
        {
            if (block->Size - HeaderBytes > largest)
            {
                largest = block->Size - HeaderBytes;
            }
        }

        return new HeapStats(state->BytesInUse, state->BytesFree, largest, state->BlocksInUse);
    }

    /// <summary>Frames the heap holds from its frame source now.</summary>
    public static ulong FramesHeld(FreeListHeapState* state) => state->FramesHeld;

    /// <summary>Reports every chunk: each is one allocation of the frame source.</summary>
    public static void VisitFrameRuns(void* context, in FrameRunVisitor visitor)
    {
        for (Chunk* chunk = ((FreeListHeapState*)context)->Chunks; chunk != null; chunk = chunk->Next)
        {
            visitor.Report(DirectMap.Physical(chunk), chunk->FrameCount);
        }
    }

    /// <summary>
    /// Retired: gives back at once every whole frame of every free block (a chunk entirely free, the last one
    /// included, and the free middle of a chunk still in use), and does so after every later free. Active again:
    /// keeps one empty chunk as spare, as usual.
    /// </summary>
    public static void SetRetired(void* context, bool retired)
    {
        var state = (FreeListHeapState*)context;
        state->Retired = retired;
        if (!retired)
        {
            return;
        }

        // Releasing a block only ever replaces it by smaller free blocks that hold no whole frame, so each block of
        // the list is visited once; the next one is taken before the current one changes.
        Block* block = state->FreeList;
        while (block != null)
        {
            Block* next = block->NextFree;
            ReleaseFreeFrames(state, ChunkOf(state, block), block);
            block = next;
        }
    }

    private static Block* TakeFirstFit(FreeListHeapState* state, ulong needed)
    {
        Block* previous = null;
        for (Block* block = state->FreeList; block != null; previous = block, block = block->NextFree)
        {
            if (block->Size < needed)
            {
                continue;
            }

            Block* next = block->NextFree;
            if (block->Size - needed >= MinimumBlockBytes)
            {
                // Split: the tail stays free, in the same place in the list.
                var tail = (Block*)((byte*)block + needed);
                tail->Size = block->Size - needed;
                tail->Magic = FreeMagic;
                tail->NextFree = next;
                next = tail;
                block->Size = needed;
                state->BytesFree -= needed;
            }
            else
            {
                state->BytesFree -= block->Size - HeaderBytes;
            }

            if (previous == null)
            {
                state->FreeList = next;
            }
            else
            {
                previous->NextFree = next;
            }

            return block;
        }

        return null;
    }

    private static bool Grow(FreeListHeapState* state, ulong needed)
    {
        ulong bytes = RoundUp(needed + (ulong)sizeof(Chunk), PhysicalAddress.FrameSize);
        ulong frames = bytes / PhysicalAddress.FrameSize;
        if (frames < ChunkFrames)
        {
            frames = ChunkFrames;
        }

        if (state->Source.Allocate(state->Source.Context, frames, out PhysicalAddress address) != PmmStatus.Success)
        {
            return false;
        }

        // The frame is used through the direct map.
        var chunk = (Chunk*)DirectMap.Pointer(address);
        chunk->FrameCount = frames;
        chunk->Padding0 = 0;
        chunk->Padding1 = 0;
        chunk->Next = state->Chunks;
        state->Chunks = chunk;
        state->FramesHeld += frames;

        var block = (Block*)FirstBlockAddress(chunk);
        block->Size = (ulong)(ChunkEnd(chunk) - (byte*)block);
        InsertFree(state, block);
        return true;
    }

    // Inserts a block into the address-ordered free list, merging it with free neighbours that touch it.
    // Returns the block it ended up in.
    private static Block* InsertFree(FreeListHeapState* state, Block* block)
    {
        block->Magic = FreeMagic;
        state->BytesFree += block->Size - HeaderBytes;

        Block* previous = null;
        Block* next = state->FreeList;
        while (next != null && next < block)
        {
            previous = next;
            next = next->NextFree;
        }

        block->NextFree = next;
        if (next != null && (byte*)block + block->Size == (byte*)next)
        {
            block->Size += next->Size;
            block->NextFree = next->NextFree;
            state->BytesFree += HeaderBytes; // one header fewer
        }

        if (previous != null && (byte*)previous + previous->Size == (byte*)block)
        {
            previous->Size += block->Size;
            previous->NextFree = block->NextFree;
            state->BytesFree += HeaderBytes;
            return previous;
        }

        if (previous == null)
        {
            state->FreeList = block;
        }
        else
        {
            previous->NextFree = block;
        }

        return block;
    }

    private static void ReleaseChunkIfEmpty(FreeListHeapState* state, Chunk* chunk, Block* block)
    {
        bool spansChunk = (byte*)block == FirstBlockAddress(chunk) && (byte*)block + block->Size == ChunkEnd(chunk);
        bool isOnlyChunk = state->Chunks == chunk && chunk->Next == null;
        if (!spansChunk || isOnlyChunk)
        {
            return;
        }

        RemoveFree(state, block);
        state->BytesFree -= block->Size - HeaderBytes;
        UnlinkChunk(state, chunk);
        state->FramesHeld -= chunk->FrameCount;
        state->Source.Free(state->Source.Context, DirectMap.Physical(chunk), chunk->FrameCount);
    }

    // A retired heap gives back the whole frames of the free block `block` of `chunk`. The chunk is split around them:
    // the part before keeps the chunk header (it goes away when the freed frames begin with the chunk), the part
    // after becomes a chunk with a header of its own at its first frame. The free remnants at either side must be a
    // whole block (at least MinimumBlockBytes) or nothing, and a part after needs room for its header, so the freed
    // range shrinks by a frame at an end where they do not fit.
    private static void ReleaseFreeFrames(FreeListHeapState* state, Chunk* chunk, Block* block)
    {
        byte* start = (byte*)block;
        byte* end = start + block->Size;
        byte* chunkEnd = ChunkEnd(chunk);
        byte* first = start == FirstBlockAddress(chunk) ? (byte*)chunk : (byte*)RoundUp((ulong)start, PhysicalAddress.FrameSize);
        if (first != (byte*)chunk && first != start && (ulong)(first - start) < MinimumBlockBytes)
        {
            first += PhysicalAddress.FrameSize;
        }

        byte* last = end == chunkEnd ? end : (byte*)((ulong)end & ~(PhysicalAddress.FrameSize - 1));
        ulong tail = (ulong)(end - last);
        if (last != chunkEnd && (tail < (ulong)sizeof(Chunk) || (tail > (ulong)sizeof(Chunk) && tail < (ulong)sizeof(Chunk) + MinimumBlockBytes)))
        {
            last -= PhysicalAddress.FrameSize;
        }

        if (first >= last)
        {
            return;
        }

        // Split the source's allocation at both ends of the released frames first: nothing changes if that fails.
        if ((last != chunkEnd && state->Source.Split(state->Source.Context, DirectMap.Physical(last)) != PmmStatus.Success) ||
            (first != (byte*)chunk && state->Source.Split(state->Source.Context, DirectMap.Physical(first)) != PmmStatus.Success))
        {
            return;
        }

        RemoveFree(state, block);
        state->BytesFree -= block->Size - HeaderBytes;
        if (first == (byte*)chunk)
        {
            UnlinkChunk(state, chunk);
        }
        else
        {
            chunk->FrameCount = (ulong)(first - (byte*)chunk) / PhysicalAddress.FrameSize;
            AddFreeRemnant(state, start, first);
        }

        if (last != chunkEnd)
        {
            var after = (Chunk*)last;
            after->FrameCount = (ulong)(chunkEnd - last) / PhysicalAddress.FrameSize;
            after->Padding0 = 0;
            after->Padding1 = 0;
            after->Next = state->Chunks;
            state->Chunks = after;
            AddFreeRemnant(state, FirstBlockAddress(after), end);
        }

        ulong frames = (ulong)(last - first) / PhysicalAddress.FrameSize;
        state->FramesHeld -= frames;
        state->Source.Free(state->Source.Context, DirectMap.Physical(first), frames);
    }

    // Puts [start, end) on the free list as one block, unless it is empty.
    private static void AddFreeRemnant(FreeListHeapState* state, byte* start, byte* end)
    {
        if (end > start)
        {
            var remnant = (Block*)start;
            remnant->Size = (ulong)(end - start);
            InsertFree(state, remnant);
        }
    }

    private static void UnlinkChunk(FreeListHeapState* state, Chunk* chunk)
    {
        Chunk** link = &state->Chunks;
        while (*link != chunk)
        {
            link = &(*link)->Next;
        }

        *link = chunk->Next;
    }

    private static void RemoveFree(FreeListHeapState* state, Block* block)
    {
        Block** link = &state->FreeList;
        while (*link != null && *link != block)
        {
            link = &(*link)->NextFree;
        }

        if (*link == block)
        {
            *link = block->NextFree;
        }
    }

    private static Chunk* ChunkOf(FreeListHeapState* state, void* pointer)
    {
        for (Chunk* chunk = state->Chunks; chunk != null; chunk = chunk->Next)
        {
            if ((byte*)pointer >= FirstBlockAddress(chunk) && (byte*)pointer < ChunkEnd(chunk))
            {
                return chunk;
            }
        }

        return null;
    }

    private static byte* FirstBlockAddress(Chunk* chunk) => (byte*)chunk + sizeof(Chunk);

    private static byte* ChunkEnd(Chunk* chunk) => (byte*)chunk + chunk->FrameCount * PhysicalAddress.FrameSize;

    private static ulong RoundUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
