// The type descriptor ILC emits for every type (the first field of every object points to one). Only the fixed
// header is declared; the vtable (8 bytes per slot) and then the interface list (8 bytes per interface) follow it.
// The layout is ILC 10's; it changes between .NET majors, which is why the ILC version is pinned exactly.
namespace Internal.Runtime;

using System.Runtime.InteropServices;

/// <summary>ILC's type descriptor.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MethodTable
{
    /// <summary>Flags; when <see cref="HasComponentSizeFlag"/> is set the low 16 bits are the element size.</summary>
    internal uint Flags;

    /// <summary>Size of an instance (of an empty array or string: the header) in bytes, object header included.</summary>
    internal uint BaseSize;

    /// <summary>The base class for classes, the element type for arrays.</summary>
    internal MethodTable* RelatedType;

    /// <summary>Number of vtable slots that follow the header.</summary>
    internal ushort VtableSlotCount;

    /// <summary>Number of interfaces listed after the vtable.</summary>
    internal ushort InterfaceCount;

    /// <summary>A hash of the type's name.</summary>
    internal uint HashCode;

    internal const uint HasComponentSizeFlag = 0x80000000;
    internal const uint KindMask = 0x00030000;
    internal const uint CanonicalKind = 0x00000000;
    internal const uint ParameterizedKind = 0x00020000;
    internal const uint ElementTypeMask = 0x7C000000;
    internal const int ElementTypeShift = 26;
    internal const uint InterfaceElementType = 0x15;

    /// <summary>Bytes per element of an array or string; 0 for other types.</summary>
    internal ushort ComponentSize => (Flags & HasComponentSizeFlag) != 0 ? (ushort)Flags : (ushort)0;

    /// <summary>True for classes and structs (not arrays, pointers or generic definitions).</summary>
    internal bool IsCanonical => (Flags & KindMask) == CanonicalKind;

    /// <summary>True for arrays (and pointer types).</summary>
    internal bool IsParameterized => (Flags & KindMask) == ParameterizedKind;

    /// <summary>True for interfaces.</summary>
    internal bool IsInterface => ((Flags & ElementTypeMask) >> ElementTypeShift) == InterfaceElementType;

    /// <summary>The interface list that follows the vtable.</summary>
    internal static MethodTable** InterfacesOf(MethodTable* type) =>
        (MethodTable**)((byte*)type + sizeof(MethodTable) + type->VtableSlotCount * sizeof(void*));
}
