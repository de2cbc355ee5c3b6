// Strings: literals live frozen in the image; run-time strings are allocated like arrays of char.
// The layout (length, then the characters) is the one ILC builds literals with.
namespace System;

using System.Runtime.CompilerServices;

/// <summary>An immutable UTF-16 string.</summary>
public sealed class String
{
#pragma warning disable CS0649 // filled by the compiler (literals) or the allocator
    private int _stringLength;
    private char _firstChar;
#pragma warning restore CS0649

    /// <summary>The empty string.</summary>
    public static readonly string Empty = "";

    /// <summary>Number of UTF-16 code units.</summary>
    public int Length => _stringLength;

    /// <summary>The code unit at <paramref name="index"/>; an index out of range panics (a kernel bug).</summary>
    [IndexerName("Chars")]
    public char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_stringLength)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return Unsafe.Add(ref _firstChar, index);
        }
    }

    /// <summary>For <c>fixed (char* p = text)</c>.</summary>
    public ref readonly char GetPinnableReference() => ref _firstChar;

    /// <summary>Ordinal equality.</summary>
    public static bool Equals(string? a, string? b)
    {
        if ((object?)a == (object?)b)
        {
            return true;
        }

        if ((object?)a == null || (object?)b == null || a._stringLength != b._stringLength)
        {
            return false;
        }

        for (int i = 0; i < a._stringLength; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(string? a, string? b) => Equals(a, b);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(string? a, string? b) => !Equals(a, b);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is string other && Equals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int hash = 5381;
        for (int i = 0; i < _stringLength; i++)
        {
            hash = (hash * 33) ^ this[i];
        }

        return hash;
    }
}
