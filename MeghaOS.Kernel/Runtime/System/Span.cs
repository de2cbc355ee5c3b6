// Span<T>: a bounds-checked view of contiguous memory (a pointer, or part of an array), as in the BCL.
// Shared code relies on: the (pointer, length) constructor, Length, the indexer and Slice.
namespace System;

using System.Runtime.CompilerServices;

/// <summary>A writable view of <see cref="Length"/> contiguous elements.</summary>
public readonly ref struct Span<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    /// <summary>A view of <paramref name="length"/> elements at <paramref name="pointer"/>.</summary>
    public unsafe Span(void* pointer, int length)
    {
        if (length < 0)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    /// <summary>A view of a whole array.</summary>
    public Span(T[]? array)
    {
        if (array == null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AsArrayData(array));
        _length = array.Length;
    }

    internal Span(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length => _length;

    /// <summary>True when <see cref="Length"/> is 0.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The element at <paramref name="index"/>; out of range panics (a kernel bug).</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return ref Unsafe.Add(ref _reference, index);
        }
    }

    /// <summary>The elements from <paramref name="start"/> to the end.</summary>
    public Span<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, start), _length - start);
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public Span<T> Slice(int start, int length)
    {
        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    /// <summary>Sets every element to default.</summary>
    public void Clear()
    {
        for (int i = 0; i < _length; i++)
        {
            Unsafe.Add(ref _reference, i) = default!;
        }
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value)
    {
        for (int i = 0; i < _length; i++)
        {
            Unsafe.Add(ref _reference, i) = value;
        }
    }

    /// <summary>A read-only view of the same elements.</summary>
    public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);

    /// <summary>A view of a whole array.</summary>
    public static implicit operator Span<T>(T[]? array) => new Span<T>(array);
}
