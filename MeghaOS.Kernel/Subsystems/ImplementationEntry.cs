// One registered implementation of a subsystem, as the registry keeps it: the same shape for every subsystem.
namespace MeghaOS.Subsystems;

/// <summary>One implementation of a subsystem: its name, how to make it active, and its own file.</summary>
public unsafe struct ImplementationEntry
{
    /// <summary>The name users type; must equal the name the implementation gives its facade.</summary>
    public string Name;

    /// <summary>The subsystem's own handle on the implementation, passed back to <see cref="Activate"/>.</summary>
    public void* Context;

    /// <summary>
    /// Makes the implementation active through the facade's SetOperations, taking over the active one's state (or
    /// creating it, when none is active yet). Returns false, having changed nothing, when that cannot be done safely.
    /// </summary>
    public delegate*<void*, bool> Activate;

    /// <summary>A file of the implementation's own, shown under /sys/SUBSYSTEM/ while it is active; may be empty.</summary>
    public SubsystemFile File;

    /// <summary>An entry with no file of its own.</summary>
    public ImplementationEntry(string name, void* context, delegate*<void*, bool> activate)
    {
        Name = name;
        Context = context;
        Activate = activate;
        File = default;
    }
}
