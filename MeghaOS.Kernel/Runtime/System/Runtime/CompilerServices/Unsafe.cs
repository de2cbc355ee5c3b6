// Unsafe: reinterpreting references and pointers. ILC supplies the bodies of these [Intrinsic] methods itself
// (the IL here is never compiled), exactly as for the BCL's System.Runtime.CompilerServices.Unsafe.
namespace System.Runtime.CompilerServices;

/// <summary>Low-level reference and pointer operations.</summary>
public static unsafe class Unsafe
{
    /// <summary>A reference to the T at <paramref name="source"/>.</summary>
    [Intrinsic]
    public static ref T AsRef<T>(void* source) => ref AsRef<T>(source);

    /// <summary>Reinterprets a reference.</summary>
    [Intrinsic]
    public static ref TTo As<TFrom, TTo>(ref TFrom source) => ref As<TFrom, TTo>(ref source);

    /// <summary>Reinterprets an object reference without a type check.</summary>
    [Intrinsic]
    public static T As<T>(object? value) where T : class? => As<T>(value);

    /// <summary>The reference <paramref name="elementOffset"/> elements after <paramref name="source"/>.</summary>
    [Intrinsic]
    public static ref T Add<T>(ref T source, int elementOffset) => ref Add(ref source, elementOffset);

    /// <summary>The reference <paramref name="elementOffset"/> elements after <paramref name="source"/>.</summary>
    [Intrinsic]
    public static ref T Add<T>(ref T source, nint elementOffset) => ref Add(ref source, elementOffset);

    /// <summary>The reference <paramref name="byteOffset"/> bytes after <paramref name="source"/>.</summary>
    [Intrinsic]
    public static ref T AddByteOffset<T>(ref T source, nint byteOffset) => ref AddByteOffset(ref source, byteOffset);

    /// <summary>The address of a reference.</summary>
    [Intrinsic]
    public static void* AsPointer<T>(ref T value) => AsPointer(ref value);

    /// <summary>The size of T in bytes.</summary>
    [Intrinsic]
    public static int SizeOf<T>() => SizeOf<T>();

    /// <summary>True when both references point at the same location.</summary>
    [Intrinsic]
    public static bool AreSame<T>(ref T left, ref T right) => AreSame(ref left, ref right);

    /// <summary>A null reference.</summary>
    [Intrinsic]
    public static ref T NullRef<T>() => ref NullRef<T>();

    /// <summary>True for a null reference.</summary>
    [Intrinsic]
    public static bool IsNullRef<T>(ref T source) => IsNullRef(ref source);

    /// <summary>The first byte of an array's elements (just past the length field).</summary>
    internal static ref byte AsArrayData(Array array) => ref Add(ref As<ArrayLayout>(array).FirstByte, 0);

    // The layout every array shares: the length (padded to 8 bytes), then the elements.
    private sealed class ArrayLayout
    {
#pragma warning disable CS0649, CS0169
        public uint Length;
        public uint Padding;
        public byte FirstByte;
#pragma warning restore CS0649, CS0169
    }
}
