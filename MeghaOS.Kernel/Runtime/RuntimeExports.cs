// Boxing and unboxing, which ILC's code calls through these helpers. Nullable<T> boxing is not supported
// (the kernel does not use it); boxing allocates, so steady-state kernel code avoids it.
namespace System.Runtime;

using MeghaOS;
using MeghaOS.Runtime;
using MethodTable = Internal.Runtime.MethodTable;

internal static unsafe class RuntimeExports
{
    // A boxed value: the object header's MethodTable pointer, then the value's bytes.
    [RuntimeExport("RhBox")]
    internal static object RhBox(MethodTable* type, ref byte data)
    {
        byte* instance = ObjectAllocator.AllocateObject(type);
        fixed (byte* source = &data)
        {
            MemoryOperations.Copy(instance + sizeof(void*), source, type->BaseSize - (uint)(2 * sizeof(void*)));
        }

        return System.Runtime.CompilerServices.Unsafe.AsRef<object>(&instance);
    }

    [RuntimeExport("RhBoxAny")]
    internal static object RhBoxAny(ref byte data, MethodTable* type) => RhBox(type, ref data);

    [RuntimeExport("RhUnbox2")]
    internal static ref byte RhUnbox2(MethodTable* type, object? o)
    {
        if (o == null || o.m_pMethodTable != type)
        {
            Panic.Halt("invalid unbox");
        }

        byte* instance = *(byte**)System.Runtime.CompilerServices.Unsafe.AsPointer(ref o);
        return ref System.Runtime.CompilerServices.Unsafe.AsRef<byte>(instance + sizeof(void*));
    }

    [RuntimeExport("RhUnboxNullable")]
    internal static void RhUnboxNullable(ref byte data, MethodTable* type, object o) => Panic.Halt("Nullable unboxing is not supported");

    [RuntimeExport("RhUnboxAny")]
    internal static void RhUnboxAny(object o, ref byte data, MethodTable* type)
    {
        ref byte source = ref RhUnbox2(type, o);
        fixed (byte* d = &data)
        fixed (byte* s = &source)
        {
            MemoryOperations.Copy(d, s, type->BaseSize - (uint)(2 * sizeof(void*)));
        }
    }
}
