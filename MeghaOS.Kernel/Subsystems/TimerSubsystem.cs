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
    public const int MaxImplementations = OperationsSlots<TimerOperations>.Capacity;

    private static OperationsSlots<TimerOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("timer", &ActiveName, &TimerFiles.Add);

    /// <summary>Number of registered sources.</summary>
    public static int Count => s_implementations.Count;

    /// <summary>Registers a source under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in TimerOperations operations)
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

    /// <summary>Registered source number <paramref name="index"/> (registration order).</summary>
    public static TimerOperations Get(int index) => s_implementations.Get(index);

    /// <summary>Forgets the registered sources (the registry is reset separately). For tests.</summary>
    public static void Reset() => s_implementations.Clear();

    private static string ActiveName() => Timer.ImplementationName;

    private static bool Activate(void* context)
    {
        TimerOperations source = s_implementations.Get((int)(nint)context);
        return source.FrequencyHz(source.Context) != 0 && Timer.SetOperations(source);
    }
}
