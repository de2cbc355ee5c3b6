// The one fixed-capacity container of the kernel's tables (the subsystem registry, the heap facade's earlier
// implementations, the mount table, the boot-time reserved ranges): up to 16 items stored inline, so a table can
// live in a static field and be filled before any heap exists. Shared code: no exceptions, no allocation; an
// index out of range is caught by the span's bounds check (a kernel bug, which panics with its name).
namespace MeghaOS.Collections;

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>Inline storage for <see cref="FixedList{T}.Capacity"/> items.</summary>
[InlineArray(16)]
public struct FixedSlots<T>
{
    private T _first;
}

/// <summary>Up to <see cref="Capacity"/> items in insertion order, stored inline.</summary>
public struct FixedList<T>
{
    /// <summary>Most items one list holds.</summary>
    public const int Capacity = 16;

    private FixedSlots<T> _slots;
    private int _count;

    /// <summary>Number of items added.</summary>
    public readonly int Count => _count;

    /// <summary>True when no further item fits.</summary>
    public readonly bool IsFull => _count == Capacity;

    /// <summary>The items added so far, in order, writable in place.</summary>
    [UnscopedRef]
    public Span<T> Items => MemoryMarshal.CreateSpan(ref Unsafe.As<FixedSlots<T>, T>(ref _slots), _count);

    /// <summary>Every slot, used or not: for tables whose items keep a fixed slot number.</summary>
    [UnscopedRef]
    public Span<T> Slots => MemoryMarshal.CreateSpan(ref Unsafe.As<FixedSlots<T>, T>(ref _slots), Capacity);

    /// <summary>Adds <paramref name="item"/> as number <see cref="Count"/>; false, adding nothing, when full.</summary>
    public bool TryAdd(in T item)
    {
        if (_count == Capacity)
        {
            return false;
        }

        Slots[_count++] = item;
        return true;
    }

    /// <summary>Forgets every item.</summary>
    public void Clear() => this = default;
}
