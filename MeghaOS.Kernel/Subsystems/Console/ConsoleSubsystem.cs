// Console output on the subsystem mechanism ("console", boot option console=NAME): the Terminal facade's
// implementations register here from the console catalog (Devices/ConsoleCatalog.cs). A switch hands nothing over:
// the terminals keep no state the facade would need (the VGA screen keeps its contents and cursor whether or not it
// is written to), so the next write simply goes to the new output. Input is not affected: keyboard and serial always
// feed the same input queue.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Devices;

/// <summary>Declares the "console" subsystem and registers its implementations.</summary>
public static unsafe class ConsoleSubsystem
{
    private const string Name = "console";

    private static SubsystemImplementations<TerminalOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare(Name, &ActiveName);

    /// <summary>
    /// Registers every implementation of <paramref name="catalog"/> in its order and activates the default (the
    /// first that comes up). Each one left out is named on the console. False when none could be activated.
    /// </summary>
    public static bool Initialize(ReadOnlySpan<TerminalOperations> catalog)
    {
        for (int i = 0; i < catalog.Length; i++)
        {
            SubsystemMessages.ReportRegistration(Name, catalog[i].Name, Register(catalog[i]));
        }

        return SubsystemRegistry.ActivateDefault(Id) == ActivationStatus.Success;
    }

    /// <summary>Registers one implementation under its table's name.</summary>
    public static RegistrationStatus Register(in TerminalOperations operations) =>
        s_implementations.Register(Id, new ImplementationEntry(operations.Name, null, &Activate), operations.IsComplete, operations);

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset() => s_implementations.Clear();

    private static string ActiveName() => Terminal.ImplementationName;

    private static bool Activate(void* context) => Terminal.SetOperations(s_implementations.At(context));
}
