// The timer on the subsystem mechanism ("timer"): each clock source registers its operations table; activating one
// goes through Timer.SetOperations, which keeps uptime continuous (it adds the old source's reading as an offset to
// the new one's, and never lets uptime go backwards). A source that reports a frequency of 0 (a TSC whose calibration
// failed) is refused. /sys/timer/frequency is added through the AddFiles hook (FileSystem/SysFs/TimerFiles.cs).
namespace MeghaOS.Subsystems;

using MeghaOS.Devices;
using MeghaOS.FileSystem.SysFs;

/// <summary>Declares the "timer" subsystem and registers its sources.</summary>
public static unsafe class TimerSubsystem
{
    /// <summary>Most timer sources that can be registered.</summary>
    public const int MaxImplementations = 4;

    private static TimerOperations s_slot0, s_slot1, s_slot2, s_slot3;
    private static int s_count;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("timer", &ActiveName, &TimerFiles.Add);

    /// <summary>Number of registered sources.</summary>
    public static int Count => s_count;

    /// <summary>Registers a source under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in TimerOperations operations)
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

    /// <summary>Registered source number <paramref name="index"/> (registration order).</summary>
    public static ref TimerOperations Get(int index) => ref Slot(index);

    /// <summary>Forgets the registered sources (the registry is reset separately). For tests.</summary>
    public static void Reset()
    {
        for (int i = 0; i < MaxImplementations; i++)
        {
            Slot(i) = default;
        }

        s_count = 0;
    }

    private static string ActiveName() => Timer.ImplementationName;

    private static bool Activate(void* context)
    {
        ref TimerOperations source = ref Slot((int)(nint)context);
        return source.FrequencyHz(source.Context) != 0 && Timer.SetOperations(source);
    }

    // Fixed slots: sources are registered before the heap exists.
    private static ref TimerOperations Slot(int index)
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
