// Attributes and marker types the C# compiler and ILC look for by name.
namespace System.Runtime.CompilerServices;

/// <summary>Marks a method whose body the compiler (ILC) supplies or may replace.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Field)]
internal sealed class IntrinsicAttribute : Attribute
{
}

/// <summary>How a method is compiled.</summary>
[Flags]
public enum MethodImplOptions
{
    Unmanaged = 0x0004,
    NoInlining = 0x0008,
    ForwardRef = 0x0010,
    Synchronized = 0x0020,
    NoOptimization = 0x0040,
    PreserveSig = 0x0080,
    AggressiveInlining = 0x0100,
    AggressiveOptimization = 0x0200,
    InternalCall = 0x1000,
}

/// <summary>Tells the compiler how to compile a method.</summary>
[AttributeUsage(AttributeTargets.Constructor | AttributeTargets.Method)]
public sealed class MethodImplAttribute : Attribute
{
    /// <summary>Tells the compiler how to compile a method.</summary>
    public MethodImplAttribute(MethodImplOptions methodImplOptions) => Value = methodImplOptions;

    /// <summary>The options.</summary>
    public MethodImplOptions Value { get; }
}

/// <summary>The metadata name of an indexer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IndexerNameAttribute : Attribute
{
    /// <summary>The metadata name of an indexer.</summary>
    public IndexerNameAttribute(string indexerName)
    {
    }
}

/// <summary>Marks extension methods.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class ExtensionAttribute : Attribute
{
}

/// <summary>Marks a field as volatile (a modreq the compiler emits).</summary>
public static class IsVolatile
{
}

/// <summary>A fixed-size buffer field.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class FixedBufferAttribute : Attribute
{
    /// <summary>A fixed-size buffer field.</summary>
    public FixedBufferAttribute(Type elementType, int length)
    {
    }
}

/// <summary>A struct repeated <c>length</c> times.</summary>
[AttributeUsage(AttributeTargets.Struct)]
public sealed class InlineArrayAttribute : Attribute
{
    /// <summary>A struct repeated <paramref name="length"/> times.</summary>
    public InlineArrayAttribute(int length)
    {
    }
}

/// <summary>Marks compiler-generated code.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class CompilerGeneratedAttribute : Attribute
{
}

/// <summary>Calling convention marker for function pointers.</summary>
public class CallConvCdecl
{
}

/// <summary>Lets the compiler know which features this core library supports.</summary>
public static class RuntimeFeature
{
    /// <summary>ref fields (Span&lt;T&gt; uses one).</summary>
    public const string ByRefFields = nameof(ByRefFields);

    /// <summary>nint and IntPtr are the same type.</summary>
    public const string NumericIntPtr = nameof(NumericIntPtr);

    /// <summary>Interfaces may have static and default members.</summary>
    public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);

    /// <summary>Unmanaged calling conventions on function pointers.</summary>
    public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);

    /// <summary>Static abstract interface members are not supported by this runtime.</summary>
    public static bool IsDynamicCodeSupported => false;

    /// <summary>No JIT.</summary>
    public static bool IsDynamicCodeCompiled => false;
}

/// <summary>Helpers the compiler calls.</summary>
public static class RuntimeHelpers
{
    /// <summary>Byte offset of a string's first character from the object's start.</summary>
    public static int OffsetToStringData => 12;

    /// <summary>Copies constant data into an array (array initialisers). ILC expands it.</summary>
    [Intrinsic]
    public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle)
    {
    }

    /// <summary>Whether T is or holds references. ILC expands it.</summary>
    [Intrinsic]
    public static bool IsReferenceOrContainsReferences<T>() => IsReferenceOrContainsReferences<T>();
}
