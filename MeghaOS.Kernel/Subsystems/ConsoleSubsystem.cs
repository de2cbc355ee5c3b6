// Console output on the subsystem mechanism ("console", boot option console=NAME): the Terminal facade's
// implementations (serial, vga, both) register here. A switch hands nothing over: the terminals keep no state the
// facade would need (the VGA screen keeps its contents and cursor whether or not it is written to), so the next write
// simply goes to the new output. Input is not affected: keyboard and serial always feed the same input queue.
namespace MeghaOS.Subsystems;

using MeghaOS.Devices;

/// <summary>Declares the "console" subsystem and registers its implementations.</summary>
public static unsafe class ConsoleSubsystem
{
    /// <summary>Most console implementations that can be registered.</summary>
    public const int MaxImplementations = OperationsSlots<TerminalOperations>.Capacity;

    private static OperationsSlots<TerminalOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("console", &ActiveName);

    /// <summary>Registers an implementation under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in TerminalOperations operations)
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

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset() => s_implementations.Clear();

    private static string ActiveName() => Terminal.ImplementationName;

    private static bool Activate(void* context) => Terminal.SetOperations(s_implementations.Get((int)(nint)context));
}
