// The timer on the subsystem mechanism ("timer"): each clock source of the timer catalog (Arch/X64/TimerCatalog.cs)
// registers its operations table; activating one goes through Timer.SetOperations, which keeps uptime continuous
// (it adds the old source's reading as an offset to the new one's, and never lets uptime go backwards). A source
// that reports a frequency of 0 (a TSC whose calibration failed, or a CPU without one) is refused.
// /sys/timer/frequency is the subsystem's own file (TimerFiles.cs).
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Devices;

/// <summary>Declares the "timer" subsystem and registers its sources.</summary>
public static unsafe class TimerSubsystem
{
    private const string Name = "timer";

    private static SubsystemImplementations<TimerOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it (with its files) on first use.</summary>
    public static int Id
    {
        get
        {
            int id = SubsystemRegistry.Declare(Name, &ActiveName);
            if (id >= 0 && SubsystemRegistry.FilesOf(id).Length == 0)
            {
                SubsystemRegistry.AddFile(id, new SubsystemFile("frequency", &TimerFiles.RenderFrequency));
            }

            return id;
        }
    }

    /// <summary>The registered sources, in catalog order.</summary>
    public static ReadOnlySpan<TimerOperations> Implementations => s_implementations.Items;

    /// <summary>
    /// Registers every source of <paramref name="catalog"/> in its order and activates the default (the first that
    /// comes up). Each one left out is named on the console. False when none could be activated.
    /// </summary>
    public static bool Initialize(ReadOnlySpan<TimerOperations> catalog)
    {
        for (int i = 0; i < catalog.Length; i++)
        {
            SubsystemMessages.ReportRegistration(Name, catalog[i].Name, Register(catalog[i]));
        }

        return SubsystemRegistry.ActivateDefault(Id) == ActivationStatus.Success;
    }

    /// <summary>Registers one source under its table's name.</summary>
    public static RegistrationStatus Register(in TimerOperations operations) =>
        s_implementations.Register(Id, new ImplementationEntry(operations.Name, null, &Activate), operations.IsComplete, operations);

    /// <summary>Forgets the registered sources (the registry is reset separately). For tests.</summary>
    public static void Reset() => s_implementations.Clear();

    private static string ActiveName() => Timer.ImplementationName;

    private static bool Activate(void* context)
    {
        TimerOperations source = s_implementations.At(context);
        return source.FrequencyHz(source.Context) != 0 && Timer.SetOperations(source);
    }
}
