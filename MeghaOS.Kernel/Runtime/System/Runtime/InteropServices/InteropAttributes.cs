// Interop attributes: struct layout, unmanaged entry points, and the enums ILC needs by name.
namespace System.Runtime.InteropServices;

/// <summary>How a struct's fields are laid out.</summary>
public enum LayoutKind
{
    Sequential = 0,
    Explicit = 2,
    Auto = 3,
}

/// <summary>Controls a struct's field layout.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class StructLayoutAttribute : Attribute
{
    /// <summary>Controls a struct's field layout.</summary>
    public StructLayoutAttribute(LayoutKind layoutKind) => Value = layoutKind;

    /// <summary>The layout kind.</summary>
    public LayoutKind Value { get; }

    /// <summary>Field alignment in bytes.</summary>
    public int Pack;

    /// <summary>Total size in bytes.</summary>
    public int Size;
}

/// <summary>A field's byte offset in an explicit-layout struct.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class FieldOffsetAttribute : Attribute
{
    /// <summary>A field's byte offset.</summary>
    public FieldOffsetAttribute(int offset)
    {
    }
}

/// <summary>An input parameter (also the modreq of <c>in</c> parameters).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class InAttribute : Attribute
{
}

/// <summary>An output parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OutAttribute : Attribute
{
}

/// <summary>A method that native code calls directly (by symbol name, with <see cref="EntryPoint"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnmanagedCallersOnlyAttribute : Attribute
{
    /// <summary>The exported symbol name.</summary>
    public string? EntryPoint;

    /// <summary>Calling conventions.</summary>
    public Type[]? CallConvs;
}

/// <summary>Native types for marshalling (ILC needs the enum to exist).</summary>
public enum UnmanagedType
{
    Bool = 0x2,
    I1 = 0x3,
    U1 = 0x4,
    I2 = 0x5,
    U2 = 0x6,
    I4 = 0x7,
    U4 = 0x8,
    I8 = 0x9,
    U8 = 0xa,
    R4 = 0xb,
    R8 = 0xc,
    LPStr = 0x14,
    LPWStr = 0x15,
    SysInt = 0x1f,
    SysUInt = 0x20,
    FunctionPtr = 0x26,
    LPArray = 0x2a,
    LPStruct = 0x2b,
}

/// <summary>Character sets for marshalling (ILC needs the enum to exist).</summary>
public enum CharSet
{
    None = 1,
    Ansi = 2,
    Unicode = 3,
    Auto = 4,
}

/// <summary>ILC requires this interface to exist; the kernel never implements it.</summary>
public unsafe interface IDynamicInterfaceCastable
{
    // Looked up by name by ILC's interface dispatch support; the kernel has no dynamic interface casting.
    internal static nint GetDynamicInterfaceImplementation(object instance, void* interfaceType)
    {
        MeghaOS.Panic.Halt("dynamic interface casting is not supported");
        return 0;
    }
}
