// The heap the kernel core library's ObjectAllocator (compiled into the user runtime unchanged) takes managed
// objects from. In the kernel that is the switchable kernel heap; in a user program it is UserMemory's bump
// allocator over brk, active from the first instruction (so ObjectAllocator never uses its boot arena here).
namespace MeghaOS.Memory;

using MeghaOS.User;

/// <summary>The user program's heap, under the name the kernel's ObjectAllocator calls.</summary>
internal static unsafe class Heap
{
    /// <summary>Always true: brk memory is there from the start.</summary>
    internal static bool IsActive => true;

    /// <summary>A zeroed block of <paramref name="size"/> bytes, or null when brk refuses (ObjectAllocator then ends the program).</summary>
    internal static void* Allocate(nuint size) => UserMemory.Allocate(size);
}
