// FOR COMPARISON ONLY, never used by the kernel: the plainest physical frame allocator there is, one bit per frame
// and a hint at the lowest word that may hold a free frame, with no error checks at all (no owners, no double-free,
// range, reservation or count checks; a wrong free silently corrupts it). The benchmarks measure it beside the
// catalog's implementations on the same maps, in the same run, so the README can say how close the checked
// implementations come to the floor a bitmap allows (issue 12). It is measured two ways: called directly (inlined
// into the benchmark loop), and through an operations table of the PMM's shape (the same two indirect calls and out
// address as the catalog's implementations pay), so the allocators' own work can be compared like for like.
namespace MeghaOS.Benchmarks;

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MeghaOS.Memory;

/// <summary>
/// The reference allocator for benchmarks: a bitmap (1 = taken) with a next-free hint and no checks. Not a PMM
/// implementation and not in any catalog.
/// </summary>
public sealed unsafe class ReferenceBitmapAllocator : IDisposable
{
    /// <summary>Returned when no frame or run is free.</summary>
    public const ulong NoFrame = ulong.MaxValue;

    private State* _state;

    /// <summary>A copy of the <paramref name="words"/>-word bitmap <paramref name="pab"/> (1 = taken).</summary>
    public ReferenceBitmapAllocator(ulong* pab, ulong words)
    {
        _state = (State*)NativeMemory.Alloc((nuint)sizeof(State));
        _state->Words = words;
        _state->Hint = 0;
        _state->Bits = (ulong*)NativeMemory.Alloc((nuint)(words * 8));
        Buffer.MemoryCopy(pab, _state->Bits, words * 8, words * 8);
        Operations = default;
        Operations.Name = "reference";
        Operations.Context = _state;
        Operations.Allocate = &TableAllocate;
        Operations.Deallocate = &TableDeallocate;
    }

    /// <summary>
    /// A table of the PMM's shape whose Allocate and Deallocate are <see cref="Allocate"/> and <see cref="Free"/>
    /// (single frames only; the count, alignment and owner are ignored). Only those two entries are filled.
    /// </summary>
    public PmmOperations Operations;

    /// <summary>Takes the lowest free frame at or after the hint; <see cref="NoFrame"/> when none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Allocate() => Allocate(_state);

    /// <summary>Frees <paramref name="frame"/>, unchecked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Free(ulong frame) => Free(_state, frame);

    /// <summary>Takes 64 frames aligned to 64 (a wholly free word), scanning from the hint; <see cref="NoFrame"/> when none.</summary>
    public ulong Allocate64Aligned64()
    {
        for (ulong word = _state->Hint; word < _state->Words; word++)
        {
            if (_state->Bits[word] == 0)
            {
                _state->Bits[word] = ulong.MaxValue;
                return word << 6;
            }
        }

        return NoFrame;
    }

    /// <summary>Frees 64 frames taken by <see cref="Allocate64Aligned64"/>, unchecked.</summary>
    public void Free64(ulong first) => _state->Bits[first >> 6] = 0;

    /// <summary>Frees the bitmap.</summary>
    public void Dispose()
    {
        if (_state != null)
        {
            NativeMemory.Free(_state->Bits);
            NativeMemory.Free(_state);
            _state = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Allocate(State* state)
    {
        ulong word = state->Hint;
        while (word < state->Words)
        {
            ulong value = state->Bits[word];
            if (value != ulong.MaxValue)
            {
                state->Hint = word;
                state->Bits[word] = value | (value + 1);
                return (word << 6) + (ulong)BitOperations.TrailingZeroCount(~value);
            }

            word++;
        }

        state->Hint = word;
        return NoFrame;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Free(State* state, ulong frame)
    {
        ulong word = frame >> 6;
        state->Bits[word] &= ~(1UL << (int)(frame & 63));
        if (word < state->Hint)
        {
            state->Hint = word;
        }
    }

    private static PmmStatus TableAllocate(void* context, ulong count, ulong alignment, FrameOwner owner, out PhysicalAddress address)
    {
        ulong frame = Allocate((State*)context);
        address = new PhysicalAddress(frame << PhysicalAddress.FrameShift);
        return frame == NoFrame ? PmmStatus.OutOfMemory : PmmStatus.Success;
    }

    private static PmmStatus TableDeallocate(void* context, PhysicalAddress address, ulong count, FrameOwner owner)
    {
        Free((State*)context, address.Value >> PhysicalAddress.FrameShift);
        return PmmStatus.Success;
    }

    // The whole state, in native memory so the table's Context can point at it.
    private struct State
    {
        public ulong* Bits;
        public ulong Words;
        public ulong Hint; // every word below it is full
    }
}
