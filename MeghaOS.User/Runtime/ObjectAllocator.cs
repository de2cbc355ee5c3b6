// Where `new` gets memory in a user program: ILC's code calls RhpNewFast (objects) and RhpNewArray (arrays and
// strings), and both take a block from UserMemory. Objects are never freed (no garbage collector; see UserMemory.cs).
// The kernel has its own ObjectAllocator over its heap; this one differs only in where memory comes from and in
// what running out means (a message and exit status 134 instead of a kernel panic).
namespace MeghaOS.Runtime;

using System.Runtime;
using MeghaOS.User;
using MethodTable = Internal.Runtime.MethodTable;

/// <summary>Managed object allocation for ILC's code in user programs.</summary>
internal static unsafe class ObjectAllocator
{
    /// <summary>Allocates a zeroed instance of a non-array type and returns the object pointer.</summary>
    internal static byte* AllocateObject(MethodTable* type) => Allocate(type, type->BaseSize);

    /// <summary>A new string of <paramref name="length"/> zero chars (its type taken from the literal "").</summary>
    internal static string AllocateString(int length)
    {
        string empty = "";
        MethodTable* type = *(MethodTable**)*(byte**)System.Runtime.CompilerServices.Unsafe.AsPointer(ref empty);
        byte* instance = RhpNewArray(type, length);
        return System.Runtime.CompilerServices.Unsafe.AsRef<string>(&instance);
    }

    [RuntimeExport("RhpNewFast")]
    private static byte* RhpNewFast(MethodTable* type) => Allocate(type, type->BaseSize);

    [RuntimeExport("RhpNewFinalizable")]
    private static byte* RhpNewFinalizable(MethodTable* type) => Allocate(type, type->BaseSize);

    [RuntimeExport("RhpNewArray")]
    private static byte* RhpNewArray(MethodTable* type, int length)
    {
        if (length < 0)
        {
            Panic.Halt("negative array length");
        }

        ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
        if (size > uint.MaxValue)
        {
            Panic.Halt("array too large");
        }

        byte* array = Allocate(type, (uint)size);
        *(int*)(array + sizeof(void*)) = length;
        return array;
    }

    [RuntimeExport("RhpNewArrayFast")]
    private static byte* RhpNewArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

    [RuntimeExport("RhpNewPtrArrayFast")]
    private static byte* RhpNewPtrArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

    [RuntimeExport("RhNewString")]
    private static byte* RhNewString(MethodTable* type, int length) => RhpNewArray(type, length);

    // Every object is preceded by an 8-byte header (ILC's BaseSize counts it); the object pointer is just past it.
    private static byte* Allocate(MethodTable* type, uint size)
    {
        byte* block = UserMemory.Allocate(size);
        if (block == null)
        {
            Panic.Halt("out of memory (brk refused)");
        }

        byte* instance = block + sizeof(void*);
        *(MethodTable**)instance = type;
        return instance;
    }
}
