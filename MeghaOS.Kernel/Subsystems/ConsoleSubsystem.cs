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
    public const int MaxImplementations = 4;

    private static TerminalOperations s_slot0, s_slot1, s_slot2, s_slot3;
    private static int s_count;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("console", &ActiveName);

    /// <summary>Registers an implementation under its table's name; false when full, incomplete or a duplicate.</summary>
    public static bool Register(in TerminalOperations operations)
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

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset()
    {
        for (int i = 0; i < MaxImplementations; i++)
        {
            Slot(i) = default;
        }

        s_count = 0;
    }

    private static string ActiveName() => Terminal.ImplementationName;

    private static bool Activate(void* context) => Terminal.SetOperations(Slot((int)(nint)context));

    // Fixed slots: the console is registered before the heap exists.
    private static ref TerminalOperations Slot(int index)
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
