// ReadOnlySpan<T>: a bounds-checked read-only view of contiguous memory, as in the BCL.
namespace System;

using System.Runtime.CompilerServices;

/// <summary>A read-only view of <see cref="Length"/> contiguous elements.</summary>
public readonly ref struct ReadOnlySpan<T>
{
    private readonly ref T _reference;
    private readonly int _length;

    /// <summary>A view of <paramref name="length"/> elements at <paramref name="pointer"/>.</summary>
    public unsafe ReadOnlySpan(void* pointer, int length)
    {
        if (length < 0)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.AsRef<T>(pointer);
        _length = length;
    }

    /// <summary>A view of a whole array.</summary>
    public ReadOnlySpan(T[]? array)
    {
        if (array == null)
        {
            this = default;
            return;
        }

        _reference = ref Unsafe.As<byte, T>(ref Unsafe.AsArrayData(array));
        _length = array.Length;
    }

    /// <summary>A view of <paramref name="length"/> elements of an array from <paramref name="start"/>.</summary>
    public ReadOnlySpan(T[]? array, int start, int length)
    {
        if (array == null)
        {
            if (start != 0 || length != 0)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }

            this = default;
            return;
        }

        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        _reference = ref Unsafe.Add(ref Unsafe.As<byte, T>(ref Unsafe.AsArrayData(array)), start);
        _length = length;
    }

    internal ReadOnlySpan(ref T reference, int length)
    {
        _reference = ref reference;
        _length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length => _length;

    /// <summary>True when <see cref="Length"/> is 0.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The element at <paramref name="index"/>; out of range panics (a kernel bug).</summary>
    public ref readonly T this[int index]
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
    public ReadOnlySpan<T> Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public ReadOnlySpan<T> Slice(int start, int length)
    {
        if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
    }

    /// <summary>A view of a whole array.</summary>
    public static implicit operator ReadOnlySpan<T>(T[]? array) => new ReadOnlySpan<T>(array);
}
