// Keeping other tasks out of a facade's implementation while one task is inside it. The scheduler preempts tasks at
// any instruction, and the PMM and heap implementations are not written to be re-entered, so the Pmm and Heap
// facades run every call with interrupts off (on one CPU nothing else can then run). The kernel supplies the two
// functions; host tests leave them unset (no preemption there).
namespace MeghaOS;

/// <summary>Enters and leaves the kernel's critical section (interrupts off).</summary>
public static unsafe class CriticalSection
{
    private static delegate*<bool> s_enter;
    private static delegate*<bool, void> s_leave;

    /// <summary>Sets how to enter (returns what to restore) and leave; null for both turns the guard off.</summary>
    public static void SetHooks(delegate*<bool> enter, delegate*<bool, void> leave)
    {
        s_enter = enter;
        s_leave = leave;
    }

    /// <summary>Enters; pass the result to <see cref="Leave"/>. Nests: an inner Enter returns false, its Leave does nothing.</summary>
    public static bool Enter() => s_enter != null && s_enter();

    /// <summary>Leaves a section entered with <see cref="Enter"/>.</summary>
    public static void Leave(bool entered)
    {
        if (s_leave != null)
        {
            s_leave(entered);
        }
    }
}
