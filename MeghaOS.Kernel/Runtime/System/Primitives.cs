// The primitive types the C# compiler maps its keywords to. Their sizes come from the type system, not from fields.
namespace System;

#pragma warning disable CS0169 // the value fields exist so that layout tools see a size; nothing reads them by name

/// <summary>The void type (for typeof and pointers).</summary>
public struct Void { }

/// <summary>bool.</summary>
public struct Boolean { private bool m_value; }

/// <summary>char: a UTF-16 code unit.</summary>
public struct Char { private char m_value; }

/// <summary>sbyte.</summary>
public struct SByte { private sbyte m_value; }

/// <summary>byte.</summary>
public struct Byte { private byte m_value; }

/// <summary>short.</summary>
public struct Int16 { private short m_value; }

/// <summary>ushort.</summary>
public struct UInt16 { private ushort m_value; }

/// <summary>int.</summary>
public struct Int32
{
    private int m_value;

    /// <summary>The largest int.</summary>
    public const int MaxValue = 0x7FFFFFFF;

    /// <summary>The smallest int.</summary>
    public const int MinValue = unchecked((int)0x80000000);
}

/// <summary>uint.</summary>
public struct UInt32
{
    private uint m_value;

    /// <summary>The largest uint.</summary>
    public const uint MaxValue = 0xFFFFFFFF;
}

/// <summary>long.</summary>
public struct Int64
{
    private long m_value;

    /// <summary>The largest long.</summary>
    public const long MaxValue = 0x7FFFFFFFFFFFFFFF;

    /// <summary>The smallest long.</summary>
    public const long MinValue = unchecked((long)0x8000000000000000);
}

/// <summary>ulong.</summary>
public struct UInt64
{
    private ulong m_value;

    /// <summary>The largest ulong.</summary>
    public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF;
}

/// <summary>nint: a pointer-sized signed integer.</summary>
public unsafe struct IntPtr
{
    private void* _value;

    /// <summary>Wraps a pointer.</summary>
    public IntPtr(void* value) => _value = value;

    /// <summary>Null.</summary>
    public static readonly IntPtr Zero;
}

/// <summary>nuint: a pointer-sized unsigned integer.</summary>
public unsafe struct UIntPtr
{
    private void* _value;
}

/// <summary>float.</summary>
public struct Single { private float m_value; }

/// <summary>double.</summary>
public struct Double { private double m_value; }
