// One declared subsystem, as the registry keeps it: its name, how to ask its facade which implementation is active,
// its own files and its implementations in registration (catalog) order, the first being the default.
namespace MeghaOS.Subsystems;

using MeghaOS.Collections;

/// <summary>A declared subsystem.</summary>
public unsafe struct SubsystemEntry
{
    /// <summary>Lower-case name, also the directory under /sys and the boot option's key: "pmm", "heap", "console", "timer".</summary>
    public string Name;

    /// <summary>Returns the facade's active implementation name ("none" when none is).</summary>
    public delegate*<string> ActiveName;

    /// <summary>The subsystem's own files under /sys/NAME/, besides <c>implementation</c>.</summary>
    public FixedList<SubsystemFile> Files;

    /// <summary>The registered implementations; the first is the default.</summary>
    public FixedList<ImplementationEntry> Implementations;
}
