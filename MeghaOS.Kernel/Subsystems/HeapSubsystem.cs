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
    public const int MaxImplementations = 4;

    private static HeapOperations s_slot0, s_slot1, s_slot2, s_slot3;
    private static int s_count;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("heap", &ActiveName, &HeapFiles.Add);

    /// <summary>Number of registered implementations.</summary>
    public static int Count => s_count;

    /// <summary>Registers an implementation under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in HeapOperations operations)
    {
        if (!operations.IsComplete || s_count == MaxImplementations)
        {
            return false;
        }

        if (!SubsystemRegistry.Register(Id, operations.Name, (void*)(nint)s_count, &Activate))
        {
            return false;
        }

        Slot(s_count++) = operations;
        return true;
    }

    /// <summary>Registered implementation number <paramref name="index"/> (registration order).</summary>
    public static ref HeapOperations Get(int index) => ref Slot(index);

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset()
    {
        for (int i = 0; i < MaxImplementations; i++)
        {
            Slot(i) = default;
        }

        s_count = 0;
    }

    private static string ActiveName() => Heap.ImplementationName;

    private static bool Activate(void* context) => Heap.SetOperations(Slot((int)(nint)context)) == HeapStatus.Success;

    // Fixed slots: registration happens before the heap exists.
    private static ref HeapOperations Slot(int index)
    {
        switch (index)
        {
            case 0: return ref s_slot0;
            case 1: return ref s_slot1;
            case 2: return ref s_slot2;
            default: return ref s_slot3;
        }
    }
}
