// Casts (`is`, `as`, explicit casts) and covariant array stores, which ILC's code calls through these helpers.
// Classes: walk the base-class chain; interfaces: search the type's interface list; arrays: exact type match.
// A failed explicit cast is a kernel bug and panics.
namespace System.Runtime;

using MeghaOS;
using MethodTable = Internal.Runtime.MethodTable;

internal static unsafe class TypeCast
{
    private static MethodTable* TypeOf(object o) => o.m_pMethodTable;

    private static bool IsClassOrSubclass(MethodTable* type, MethodTable* target)
    {
        while (type != null)
        {
            if (type == target)
            {
                return true;
            }

            if (!type->IsCanonical)
            {
                return false;
            }

            type = type->RelatedType;
        }

        return false;
    }

    private static bool Implements(MethodTable* type, MethodTable* target)
    {
        MethodTable** interfaces = MethodTable.InterfacesOf(type);
        for (int i = 0; i < type->InterfaceCount; i++)
        {
            if (interfaces[i] == target)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsAssignable(MethodTable* type, MethodTable* target)
    {
        if (type == target)
        {
            return true;
        }

        if (target->IsInterface)
        {
            return Implements(type, target);
        }

        return IsClassOrSubclass(type, target);
    }

    [RuntimeExport("RhTypeCast_IsInstanceOfClass")]
    internal static object? IsInstanceOfClass(MethodTable* target, object? o) =>
        o == null || IsClassOrSubclass(TypeOf(o), target) ? o : null;

    [RuntimeExport("RhTypeCast_IsInstanceOfInterface")]
    internal static object? IsInstanceOfInterface(MethodTable* target, object? o) =>
        o == null || Implements(TypeOf(o), target) ? o : null;

    [RuntimeExport("RhTypeCast_IsInstanceOfAny")]
    internal static object? IsInstanceOfAny(MethodTable* target, object? o) =>
        o == null || IsAssignable(TypeOf(o), target) ? o : null;

    internal static object? IsInstanceOfException(MethodTable* target, object? o) => IsInstanceOfAny(target, o);

    [RuntimeExport("RhTypeCast_CheckCastClass")]
    internal static object? CheckCastClass(MethodTable* target, object? o) => Checked(IsInstanceOfClass(target, o), o);

    internal static object? CheckCastClassSpecial(MethodTable* target, object? o) => Checked(IsInstanceOfClass(target, o), o);

    [RuntimeExport("RhTypeCast_CheckCastInterface")]
    internal static object? CheckCastInterface(MethodTable* target, object? o) => Checked(IsInstanceOfInterface(target, o), o);

    [RuntimeExport("RhTypeCast_CheckCastAny")]
    internal static object? CheckCastAny(MethodTable* target, object? o) => Checked(IsInstanceOfAny(target, o), o);

    private static object? Checked(object? result, object? o)
    {
        if (o != null && result == null)
        {
            Panic.Halt("invalid cast");
        }

        return o;
    }

    // array[index] = value for arrays of references: the value must fit the array's element type.
    internal static void StelemRef(object?[] array, nint index, object? value)
    {
        if ((nuint)index >= (nuint)array.Length)
        {
            Panic.Halt("index out of range");
        }

        if (value != null && !IsAssignable(TypeOf(value), TypeOf(array)->RelatedType))
        {
            Panic.Halt("array type mismatch");
        }

        ref object? element = ref System.Runtime.CompilerServices.Unsafe.Add(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, object?>(
                ref System.Runtime.CompilerServices.Unsafe.AsArrayData(array)), index);
        element = value;
    }

    // ref array[index] for arrays of references: the array's element type must be exactly the expected one.
    internal static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
    {
        if ((nuint)index >= (nuint)array.Length)
        {
            Panic.Halt("index out of range");
        }

        if (TypeOf(array)->RelatedType != elementType)
        {
            Panic.Halt("array type mismatch");
        }

        return ref System.Runtime.CompilerServices.Unsafe.Add(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, object?>(
                ref System.Runtime.CompilerServices.Unsafe.AsArrayData(array)), index);
    }
}
