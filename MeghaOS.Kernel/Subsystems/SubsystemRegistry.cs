// The one mechanism every switchable subsystem (pmm, heap, console, timer) uses: a subsystem declares itself with its
// facade's active-name function (and optionally a function adding its own files under /sys/<subsystem>/), each
// implementation registers with a name and an activate function, /sys/<subsystem>/implementation lists and switches
// them (see SysFs/ImplementationFile.cs), and the boot command line picks them (BootOptions.cs).
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Text;

/// <summary>A declared subsystem: its name and how to ask its facade which implementation is active.</summary>
public unsafe struct SubsystemEntry
{
    /// <summary>Lower-case name, also the directory under /sys and the boot option's key: "pmm", "heap", "console", "timer".</summary>
    public string Name;

    /// <summary>Returns the facade's active implementation name ("none" when none is).</summary>
    public delegate*<string> ActiveName;

    /// <summary>Adds the subsystem's own files to its sysfs directory (sysfs, directory node); may be null.</summary>
    public delegate*<in FileSystemOperations, int, bool> AddFiles;
}

/// <summary>One registered implementation of a subsystem.</summary>
public unsafe struct ImplementationEntry
{
    /// <summary>The subsystem's id.</summary>
    public int Subsystem;

    /// <summary>The name users type; must equal the name the implementation gives its facade.</summary>
    public string Name;

    /// <summary>Passed to <see cref="Activate"/>.</summary>
    public void* Context;

    /// <summary>
    /// Makes the implementation active through the facade's SetOperations, taking over the active one's state. Returns
    /// false, having changed nothing, when that cannot be done safely.
    /// </summary>
    public delegate*<void*, bool> Activate;
}

/// <summary>Registered subsystems and implementations, in fixed slots (the registry exists before any heap).</summary>
public static unsafe class SubsystemRegistry
{
    /// <summary>Most subsystems that can be declared.</summary>
    public const int MaxSubsystems = 8;

    /// <summary>Most implementations, over all subsystems.</summary>
    public const int MaxImplementations = 16;

    private static SubsystemEntry s_subsystem0, s_subsystem1, s_subsystem2, s_subsystem3,
        s_subsystem4, s_subsystem5, s_subsystem6, s_subsystem7;

    private static ImplementationEntry s_implementation0, s_implementation1, s_implementation2, s_implementation3,
        s_implementation4, s_implementation5, s_implementation6, s_implementation7,
        s_implementation8, s_implementation9, s_implementation10, s_implementation11,
        s_implementation12, s_implementation13, s_implementation14, s_implementation15;

    private static int s_subsystemCount;
    private static int s_implementationCount;

    /// <summary>Number of declared subsystems; their ids are 0 to this minus 1.</summary>
    public static int SubsystemCount => s_subsystemCount;

    /// <summary>
    /// Declares subsystem <paramref name="name"/> and returns its id (the existing id when declared already), or -1
    /// when the table is full.
    /// </summary>
    public static int Declare(string name, delegate*<string> activeName) => Declare(name, activeName, null);

    /// <summary>
    /// Declares subsystem <paramref name="name"/> with a function that adds its own files (besides
    /// <c>implementation</c>) to /sys/NAME, and returns its id (the existing id when declared already), or -1.
    /// </summary>
    public static int Declare(string name, delegate*<string> activeName, delegate*<in FileSystemOperations, int, bool> addFiles)
    {
        for (int i = 0; i < s_subsystemCount; i++)
        {
            if (SameName(SubsystemSlot(i).Name, name))
            {
                return i;
            }
        }

        if (s_subsystemCount == MaxSubsystems || activeName == null)
        {
            return -1;
        }

        int id = s_subsystemCount++;
        ref SubsystemEntry entry = ref SubsystemSlot(id);
        entry.Name = name;
        entry.ActiveName = activeName;
        entry.AddFiles = addFiles;
        return id;
    }

    /// <summary>Registers an implementation of subsystem <paramref name="subsystem"/>; false when full, unknown or a duplicate.</summary>
    public static bool Register(int subsystem, string name, void* context, delegate*<void*, bool> activate)
    {
        if (subsystem < 0 || subsystem >= s_subsystemCount || s_implementationCount == MaxImplementations || activate == null)
        {
            return false;
        }

        for (int i = 0; i < s_implementationCount; i++)
        {
            ref ImplementationEntry existing = ref ImplementationSlot(i);
            if (existing.Subsystem == subsystem && SameName(existing.Name, name))
            {
                return false;
            }
        }

        ref ImplementationEntry entry = ref ImplementationSlot(s_implementationCount++);
        entry.Subsystem = subsystem;
        entry.Name = name;
        entry.Context = context;
        entry.Activate = activate;
        return true;
    }

    /// <summary>Forgets everything. For tests.</summary>
    public static void Reset()
    {
        for (int i = 0; i < MaxSubsystems; i++)
        {
            SubsystemSlot(i) = default;
        }

        for (int i = 0; i < MaxImplementations; i++)
        {
            ImplementationSlot(i) = default;
        }

        s_subsystemCount = 0;
        s_implementationCount = 0;
    }

    /// <summary>The name of subsystem <paramref name="subsystem"/>, or null.</summary>
    public static string? NameOf(int subsystem) =>
        subsystem >= 0 && subsystem < s_subsystemCount ? SubsystemSlot(subsystem).Name : null;

    /// <summary>Adds subsystem <paramref name="subsystem"/>'s own files to its sysfs directory; true when it has none.</summary>
    public static bool AddFiles(int subsystem, in FileSystemOperations sysfs, int directory)
    {
        if (subsystem < 0 || subsystem >= s_subsystemCount)
        {
            return false;
        }

        delegate*<in FileSystemOperations, int, bool> addFiles = SubsystemSlot(subsystem).AddFiles;
        return addFiles == null || addFiles(sysfs, directory);
    }

    /// <summary>The active implementation's name of subsystem <paramref name="subsystem"/>, or null.</summary>
    public static string? ActiveNameOf(int subsystem) =>
        subsystem >= 0 && subsystem < s_subsystemCount ? SubsystemSlot(subsystem).ActiveName() : null;

    /// <summary>The context implementation <paramref name="name"/> of <paramref name="subsystem"/> registered with, or null.</summary>
    public static void* ContextOf(int subsystem, string name)
    {
        for (int i = 0; i < s_implementationCount; i++)
        {
            ref ImplementationEntry entry = ref ImplementationSlot(i);
            if (entry.Subsystem == subsystem && SameName(entry.Name, name))
            {
                return entry.Context;
            }
        }

        return null;
    }

    /// <summary>The id of the subsystem called <paramref name="name"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < s_subsystemCount; i++)
        {
            if (Bytes.Equal(name, SubsystemSlot(i).Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Makes implementation <paramref name="name"/> of <paramref name="subsystem"/> active. Asking for the active one
    /// succeeds without doing anything, so an implementation never takes over from itself.
    /// </summary>
    public static ActivationStatus Activate(int subsystem, ReadOnlySpan<byte> name)
    {
        if (subsystem < 0 || subsystem >= s_subsystemCount)
        {
            return ActivationStatus.UnknownSubsystem;
        }

        for (int i = 0; i < s_implementationCount; i++)
        {
            ref ImplementationEntry entry = ref ImplementationSlot(i);
            if (entry.Subsystem != subsystem || !Bytes.Equal(name, entry.Name))
            {
                continue;
            }

            if (SameName(SubsystemSlot(subsystem).ActiveName(), entry.Name))
            {
                return ActivationStatus.Success;
            }

            return entry.Activate(entry.Context) ? ActivationStatus.Success : ActivationStatus.Refused;
        }

        return ActivationStatus.UnknownImplementation;
    }

    /// <summary>
    /// Writes the registered implementations of <paramref name="subsystem"/> in registration order, separated by
    /// spaces, the active one in brackets, then a newline: "[bitmap] buddy\n". Returns the length (0 if it does not fit).
    /// </summary>
    public static int WriteImplementationList(int subsystem, Span<byte> destination)
    {
        if (subsystem < 0 || subsystem >= s_subsystemCount)
        {
            return 0;
        }

        string active = SubsystemSlot(subsystem).ActiveName();
        TextBuilder text = new TextBuilder(destination);
        bool first = true;
        for (int i = 0; i < s_implementationCount; i++)
        {
            ref ImplementationEntry entry = ref ImplementationSlot(i);
            if (entry.Subsystem != subsystem)
            {
                continue;
            }

            if (!first)
            {
                text.AppendByte((byte)' ');
            }

            first = false;
            bool isActive = SameName(active, entry.Name);
            if (isActive)
            {
                text.AppendByte((byte)'[');
            }

            text.Append(entry.Name);
            if (isActive)
            {
                text.AppendByte((byte)']');
            }
        }

        text.AppendByte((byte)'\n');
        return text.Overflowed ? 0 : text.Length;
    }

    private static bool SameName(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    // Fixed slots instead of arrays: the registry is filled before the kernel heap exists.
    private static ref SubsystemEntry SubsystemSlot(int index)
    {
        switch (index)
        {
            case 0: return ref s_subsystem0;
            case 1: return ref s_subsystem1;
            case 2: return ref s_subsystem2;
            case 3: return ref s_subsystem3;
            case 4: return ref s_subsystem4;
            case 5: return ref s_subsystem5;
            case 6: return ref s_subsystem6;
            default: return ref s_subsystem7;
        }
    }

    private static ref ImplementationEntry ImplementationSlot(int index)
    {
        switch (index)
        {
            case 0: return ref s_implementation0;
            case 1: return ref s_implementation1;
            case 2: return ref s_implementation2;
            case 3: return ref s_implementation3;
            case 4: return ref s_implementation4;
            case 5: return ref s_implementation5;
            case 6: return ref s_implementation6;
            case 7: return ref s_implementation7;
            case 8: return ref s_implementation8;
            case 9: return ref s_implementation9;
            case 10: return ref s_implementation10;
            case 11: return ref s_implementation11;
            case 12: return ref s_implementation12;
            case 13: return ref s_implementation13;
            case 14: return ref s_implementation14;
            default: return ref s_implementation15;
        }
    }
}
