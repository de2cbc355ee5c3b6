// Where `new` gets memory. ILC's code calls RhpNewFast (objects) and RhpNewArray (arrays and strings); both
// allocate here. Until the kernel heap is up (static bases, early boot) objects come from the boot arena, a fixed
// block in the image; afterwards from the kernel heap through the Heap facade. Objects are never freed: the kernel
// has no garbage collector, so steady-state kernel code (the read-eval loop, formatting) must not allocate at all.
// The counters below let a boot test check exactly that (see `mem`).
namespace MeghaOS.Runtime;

using System.Runtime;
using MeghaOS.Memory;
using MethodTable = Internal.Runtime.MethodTable;

/// <summary>Managed object allocation for ILC's code, and its counters.</summary>
internal static unsafe class ObjectAllocator
{
    private static byte* s_arenaNext;
    private static byte* s_arenaEnd;
    private static ulong s_objectCount;
    private static ulong s_byteCount;

    /// <summary>Managed objects and arrays allocated since boot.</summary>
    internal static ulong ObjectCount => s_objectCount;

    /// <summary>Bytes of managed objects allocated since boot.</summary>
    internal static ulong ByteCount => s_byteCount;

    /// <summary>Bytes of the boot arena still free.</summary>
    internal static ulong ArenaBytesFree => (ulong)(s_arenaEnd - s_arenaNext);

    /// <summary>Gives the allocator its boot arena; called first thing at boot.</summary>
    internal static void Initialize(byte* arenaStart, byte* arenaEnd)
    {
        s_arenaNext = arenaStart;
        s_arenaEnd = arenaEnd;
    }

    /// <summary>Allocates a zeroed instance of a non-array type and returns the object pointer.</summary>
    internal static byte* AllocateObject(MethodTable* type) => Allocate(type, type->BaseSize);

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
        ulong rounded = ((ulong)size + 7) & ~7UL;
        byte* block = Heap.IsActive ? (byte*)Heap.Allocate((nuint)rounded) : AllocateFromArena(rounded);
        if (block == null)
        {
            Panic.Halt("out of memory for a managed object");
        }

        MemoryOperations.Zero(block, rounded);
        byte* instance = block + sizeof(void*);
        *(MethodTable**)instance = type;
        s_objectCount++;
        s_byteCount += rounded;
        return instance;
    }

    private static byte* AllocateFromArena(ulong size)
    {
        if ((ulong)(s_arenaEnd - s_arenaNext) < size)
        {
            return null;
        }

        byte* block = s_arenaNext;
        s_arenaNext += size;
        return block;
    }
}
