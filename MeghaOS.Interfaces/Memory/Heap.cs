// The kernel heap abstraction: Allocate and Free forward to the implementation installed last, inside the kernel's
// critical section (CriticalSection.cs). Implementations installed earlier keep serving frees of the blocks they
// handed out, so switching loses nothing; they are retired, so every frame they empty goes back to the PMM at once
// and the active implementation can use it.
namespace MeghaOS.Memory;

using MeghaOS.Collections;

/// <summary>
/// The kernel heap facade. New allocations go to the active implementation; a free goes to whichever installed
/// implementation owns the pointer.
/// </summary>
public static unsafe class Heap
{
    /// <summary>How many different implementations can be installed over the kernel's life.</summary>
    public const int MaxImplementations = FixedList<HeapOperations>.Capacity;

    private static HeapOperations s_active;
    private static bool s_isActive;
    private static FixedList<HeapOperations> s_previous;

    /// <summary>True once an implementation has been installed.</summary>
    public static bool IsActive => s_isActive;

    /// <summary>The active implementation's name, or "none".</summary>
    public static string ImplementationName => s_isActive ? s_active.Name : "none";

    /// <summary>The active implementation's figures.</summary>
    public static HeapStats Stats => s_isActive ? s_active.GetStats(s_active.Context) : default;

    /// <summary>
    /// Makes <paramref name="operations"/> the implementation that serves new allocations. The one it replaces is
    /// retired (<see cref="HeapOperations.SetRetired"/>): it gives back the frames it holds empty, now and whenever a
    /// free empties more; the incoming one is made active again if it had been retired.
    /// </summary>
    public static HeapStatus SetOperations(in HeapOperations operations)
    {
        if (!operations.IsComplete)
        {
            return HeapStatus.IncompleteOperations;
        }

        if (s_isActive && s_active.Context != operations.Context)
        {
            // The outgoing implementation joins the previous ones (it keeps serving frees of its blocks); the incoming
            // one leaves them if it was there, so switching back and forth never loses track of either.
            int incoming = FindPrevious(operations.Context);
            if (incoming >= 0)
            {
                s_previous.Items[incoming] = s_active;
            }
            else if (!s_previous.TryAdd(s_active))
            {
                return HeapStatus.TooManyImplementations;
            }
        }

        bool switching = s_isActive && s_active.Context != operations.Context;
        HeapOperations outgoing = s_active;
        s_active = operations;
        s_isActive = true;
        if (switching)
        {
            operations.SetRetired(operations.Context, false);
            outgoing.SetRetired(outgoing.Context, true);
        }

        return HeapStatus.Success;
    }

    /// <summary>Forgets every implementation. For tests only.</summary>
    public static void Reset()
    {
        s_active = default;
        s_isActive = false;
        s_previous.Clear();
    }

    /// <summary>Allocates <paramref name="size"/> bytes aligned to 16, or returns null.</summary>
    public static void* Allocate(nuint size)
    {
        if (!s_isActive)
        {
            return null;
        }

        bool section = CriticalSection.Enter();
        void* block = s_active.Allocate(s_active.Context, size);
        CriticalSection.Leave(section);
        return block;
    }

    /// <summary>Frees a block returned by <see cref="Allocate"/>; the owning implementation takes it back.</summary>
    public static HeapStatus Free(void* pointer)
    {
        bool section = CriticalSection.Enter();
        HeapStatus status = FreeInOwner(pointer);
        CriticalSection.Leave(section);
        return status;
    }

    private static HeapStatus FreeInOwner(void* pointer)
    {
        if (!s_isActive)
        {
            return HeapStatus.NotInitialized;
        }

        if (s_active.Owns(s_active.Context, pointer))
        {
            return s_active.Free(s_active.Context, pointer);
        }

        for (int i = 0; i < s_previous.Count; i++)
        {
            ref HeapOperations previous = ref s_previous.Items[i];
            if (previous.Owns(previous.Context, pointer))
            {
                return previous.Free(previous.Context, pointer);
            }
        }

        return HeapStatus.InvalidPointer;
    }

    private static int FindPrevious(void* context)
    {
        for (int i = 0; i < s_previous.Count; i++)
        {
            if (s_previous.Items[i].Context == context)
            {
                return i;
            }
        }

        return -1;
    }
}
