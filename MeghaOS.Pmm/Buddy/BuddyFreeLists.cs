// The buddy allocator's index: one free list per order (block of 2^order frames, aligned to its size), kept as
// intrusive doubly-linked lists in per-frame arrays of the metadata (never in the frames themselves, so host tests
// can run on fake RAM and a frame's contents are never touched).
namespace MeghaOS.Memory;

using System.Numerics;
using System.Runtime.CompilerServices;

/// <summary>Free lists per order over per-frame link arrays in caller-supplied memory.</summary>
internal unsafe struct BuddyFreeLists
{
    /// <summary>The largest block order: 2^20 frames, 4 GiB.</summary>
    public const int MaxOrder = 20;

    /// <summary>The link value meaning "no frame".</summary>
    public const uint NoFrame = uint.MaxValue;

    /// <summary>Bytes of per-frame metadata: two 32-bit links and one order byte.</summary>
    public const ulong BytesPerFrame = 9;

    private ulong _frameCount;
    private uint* _next;
    private uint* _previous;
    private byte* _freeOrder; // order + 1 when the frame heads a free block, 0 otherwise
    private uint* _heads;     // MaxOrder + 1 list heads
    private ulong _nonEmptyOrders; // bit k = list k is not empty

    /// <summary>Bytes of the head table.</summary>
    public const ulong HeadBytes = (MaxOrder + 1) * 4;

    /// <summary>Points the lists at their memory and empties them.</summary>
    public void Attach(ulong frameCount, uint* next, uint* previous, byte* freeOrder, uint* heads)
    {
        _frameCount = frameCount;
        _next = next;
        _previous = previous;
        _freeOrder = freeOrder;
        _heads = heads;
        _nonEmptyOrders = 0;
        for (int k = 0; k <= MaxOrder; k++)
        {
            _heads[k] = NoFrame;
        }

        for (ulong i = 0; i < frameCount; i++)
        {
            _freeOrder[i] = 0;
        }
    }

    /// <summary>Adds every run of clear bits of <paramref name="pab"/> below the frame count as free blocks.</summary>
    public void BuildFrom(ulong* pab)
    {
        ulong position = FrameBitmap.FindFirstClear(pab, 0, _frameCount);
        while (position < _frameCount)
        {
            ulong runEnd = FrameBitmap.FindFirstSet(pab, position, _frameCount);
            AddRange(position, runEnd);
            position = FrameBitmap.FindFirstClear(pab, runEnd, _frameCount);
        }
    }

    /// <summary>Bit k set = the list of order k is not empty.</summary>
    public readonly ulong NonEmptyOrders => _nonEmptyOrders;

    /// <summary>The first block on list <paramref name="order"/>, or <see cref="NoFrame"/>.</summary>
    public readonly uint Head(int order) => _heads[order];

    /// <summary>The block after <paramref name="frame"/> on its list.</summary>
    public readonly uint Next(uint frame) => _next[frame];

    /// <summary>The block before <paramref name="frame"/> on its list.</summary>
    public readonly uint Previous(uint frame) => _previous[frame];

    /// <summary>Number of blocks on list <paramref name="order"/> (walks the list).</summary>
    public readonly ulong CountBlocks(int order)
    {
        ulong count = 0;
        for (uint block = _heads[order]; block != NoFrame && count <= _frameCount; block = _next[block])
        {
            count++;
        }

        return count;
    }

    /// <summary>The order of the free block <paramref name="frame"/> heads, or -1.</summary>
    public readonly int FreeOrderOf(ulong frame) => _freeOrder[frame] - 1;

    /// <summary>Takes a block of 2^<paramref name="order"/> frames, splitting a larger one; NoFrame when none is free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint TakeBlock(int order)
    {
        ulong available = _nonEmptyOrders & (ulong.MaxValue << order);
        if (available == 0)
        {
            return NoFrame;
        }

        int k = BitOperations.TrailingZeroCount(available);
        uint block = _heads[k];
        Remove(block, k);
        while (k > order)
        {
            k--;
            Push(block + (1u << k), k);
        }

        return block;
    }

    /// <summary>
    /// Takes one free frame: the head of the order-0 list when there is one (a pop, no split), otherwise a split of
    /// the smallest larger block (<see cref="TakeBlock"/>). <see cref="NoFrame"/> when no frame is free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint TakeFrame()
    {
        if ((_nonEmptyOrders & 1) == 0)
        {
            return TakeSplitFrame();
        }

        uint frame = _heads[0];
        uint next = _next[frame];
        _heads[0] = next;
        if (next == NoFrame)
        {
            _nonEmptyOrders &= ~1UL;
        }
        else
        {
            _previous[next] = NoFrame;
        }

        _freeOrder[frame] = 0;
        return frame;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private uint TakeSplitFrame() => TakeBlock(0);

    /// <summary>
    /// Makes frame <paramref name="frame"/> a free block: pushed on the order-0 list, or merged when its buddy is a
    /// free single frame (then <see cref="Insert"/> goes on merging upwards).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void InsertFrame(ulong frame)
    {
        ulong buddy = frame ^ 1;
        if (buddy < _frameCount && _freeOrder[buddy] == 1)
        {
            InsertMerging(frame);
            return;
        }

        Push((uint)frame, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InsertMerging(ulong frame) => Insert(frame, 0);

    /// <summary>Makes the frames [first, end) free blocks, merging each with free buddies.</summary>
    public void AddRange(ulong first, ulong end)
    {
        while (first < end)
        {
            int order = BitOperations.TrailingZeroCount(first);
            int fits = BitOperations.Log2(end - first);
            if (fits < order)
            {
                order = fits;
            }

            if (order > MaxOrder)
            {
                order = MaxOrder;
            }

            Insert(first, order);
            first += 1UL << order;
        }
    }

    /// <summary>Removes the free frames [first, end) from the free blocks that hold them; the rest stays free.</summary>
    public void RemoveRange(ulong first, ulong end)
    {
        ulong position = first;
        while (position < end)
        {
            int order = 0;
            ulong block = position;
            while (order <= MaxOrder)
            {
                block = position & ~((1UL << order) - 1);
                if (_freeOrder[block] == order + 1)
                {
                    break;
                }

                order++;
            }

            if (order > MaxOrder)
            {
                return; // Not free: the caller checked the PAB first, so this cannot happen with consistent lists.
            }

            ulong blockEnd = block + (1UL << order);
            Remove((uint)block, order);
            ulong taken = end < blockEnd ? end : blockEnd;
            AddRange(block, position);
            AddRange(taken, blockEnd);
            position = taken;
        }
    }

    /// <summary>Adds the block at <paramref name="frame"/> of order <paramref name="order"/>, merging with free buddies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Insert(ulong frame, int order)
    {
        while (order < MaxOrder)
        {
            ulong buddy = frame ^ (1UL << order);
            if (buddy >= _frameCount || _freeOrder[buddy] != order + 1)
            {
                break;
            }

            Remove((uint)buddy, order);
            frame &= ~(1UL << order);
            order++;
        }

        Push((uint)frame, order);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(uint frame, int order)
    {
        uint head = _heads[order];
        _next[frame] = head;
        _previous[frame] = NoFrame;
        if (head != NoFrame)
        {
            _previous[head] = frame;
        }

        _heads[order] = frame;
        _freeOrder[frame] = (byte)(order + 1);
        _nonEmptyOrders |= 1UL << order;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Remove(uint frame, int order)
    {
        uint next = _next[frame];
        uint previous = _previous[frame];
        if (previous != NoFrame)
        {
            _next[previous] = next;
        }
        else
        {
            _heads[order] = next;
            if (next == NoFrame)
            {
                _nonEmptyOrders &= ~(1UL << order);
            }
        }

        if (next != NoFrame)
        {
            _previous[next] = previous;
        }

        _freeOrder[frame] = 0;
    }
}
