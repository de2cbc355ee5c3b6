// The kernel heap on the subsystem mechanism ("heap"): each implementation registers its operations table once; activating
// one makes it serve new allocations through Heap.SetOperations. Nothing is copied: blocks stay with the implementation
// that handed them out, and the Heap facade routes each free to it (by Owns), so a switch loses nothing.
// /sys/heap/stats is added through the subsystem's AddFiles hook (FileSystem/SysFs/HeapFiles.cs).
namespace MeghaOS.Subsystems;

using MeghaOS.FileSystem.SysFs;
using MeghaOS.Memory;

/// <summary>Declares the "heap" subsystem and registers its implementations.</summary>
public static unsafe class HeapSubsystem
{
    /// <summary>Most heap implementations that can be registered.</summary>
    public const int MaxImplementations = OperationsSlots<HeapOperations>.Capacity;

    private static OperationsSlots<HeapOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("heap", &ActiveName, &HeapFiles.Add);

    /// <summary>Number of registered implementations.</summary>
    public static int Count => s_implementations.Count;

    /// <summary>Registers an implementation under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in HeapOperations operations)
    {
        if (!operations.IsComplete || s_implementations.IsFull)
        {
            return false;
        }

        if (!SubsystemRegistry.Register(Id, operations.Name, (void*)(nint)s_implementations.Count, &Activate))
        {
            return false;
        }

        return s_implementations.Add(operations);
    }

    /// <summary>Registered implementation number <paramref name="index"/> (registration order).</summary>
    public static HeapOperations Get(int index) => s_implementations.Get(index);

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset() => s_implementations.Clear();

    private static string ActiveName() => Heap.ImplementationName;

    private static bool Activate(void* context) => Heap.SetOperations(s_implementations.Get((int)(nint)context)) == HeapStatus.Success;
}
