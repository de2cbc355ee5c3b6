// The one mechanism every switchable subsystem (pmm, heap, console, timer, and those to come) uses. A subsystem
// declares itself with its facade's active-name function and adds its own files; each implementation registers
// with a name, an activate function and optionally a file of its own, in its catalog's order, so the first is the
// default. The boot brings the default up (ActivateDefault), the kernel command line may then choose another
// (BootOptions.cs), and sysfs reads this registry to build /sys/SUBSYSTEM/ (FileSystem/SysFs/SubsystemDirectory.cs).
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Collections;
using MeghaOS.Text;

/// <summary>Registered subsystems and implementations, in fixed storage (the registry exists before any heap).</summary>
public static unsafe class SubsystemRegistry
{
    /// <summary>Most subsystems that can be declared, and most implementations or files one subsystem can have.</summary>
    public const int Capacity = FixedList<SubsystemEntry>.Capacity;

    private static FixedList<SubsystemEntry> s_subsystems;

    /// <summary>Number of declared subsystems; their ids are 0 to this minus 1.</summary>
    public static int SubsystemCount => s_subsystems.Count;

    /// <summary>
    /// Declares subsystem <paramref name="name"/> and returns its id (the existing id when declared already), or -1
    /// when the table is full or <paramref name="activeName"/> is null.
    /// </summary>
    public static int Declare(string name, delegate*<string> activeName)
    {
        Span<SubsystemEntry> subsystems = s_subsystems.Items;
        for (int i = 0; i < subsystems.Length; i++)
        {
            if (TextCompare.AreEqual(subsystems[i].Name, name))
            {
                return i;
            }
        }

        SubsystemEntry entry = default;
        entry.Name = name;
        entry.ActiveName = activeName;
        if (activeName == null || !s_subsystems.TryAdd(entry))
        {
            return -1;
        }

        return s_subsystems.Count - 1;
    }

    /// <summary>Adds one of the subsystem's own files (shown under /sys/NAME/).</summary>
    public static RegistrationStatus AddFile(int subsystem, in SubsystemFile file)
    {
        if (!IsDeclared(subsystem))
        {
            return RegistrationStatus.UnknownSubsystem;
        }

        if (!file.IsPresent)
        {
            return RegistrationStatus.Incomplete;
        }

        ref FixedList<SubsystemFile> files = ref s_subsystems.Items[subsystem].Files;
        for (int i = 0; i < files.Count; i++)
        {
            if (TextCompare.AreEqual(files.Items[i].Name, file.Name))
            {
                return RegistrationStatus.Duplicate;
            }
        }

        return files.TryAdd(file) ? RegistrationStatus.Success : RegistrationStatus.Full;
    }

    /// <summary>Registers an implementation of <paramref name="subsystem"/>; the first one registered is the default.</summary>
    public static RegistrationStatus Register(int subsystem, in ImplementationEntry implementation)
    {
        if (!IsDeclared(subsystem))
        {
            return RegistrationStatus.UnknownSubsystem;
        }

        if (implementation.Name == null || implementation.Name.Length == 0 || implementation.Activate == null)
        {
            return RegistrationStatus.Incomplete;
        }

        ref FixedList<ImplementationEntry> implementations = ref s_subsystems.Items[subsystem].Implementations;
        if (IndexOf(subsystem, implementation.Name) >= 0)
        {
            return RegistrationStatus.Duplicate;
        }

        return implementations.TryAdd(implementation) ? RegistrationStatus.Success : RegistrationStatus.Full;
    }

    /// <summary>Registers an implementation with no file of its own.</summary>
    public static RegistrationStatus Register(int subsystem, string name, void* context, delegate*<void*, bool> activate) =>
        Register(subsystem, new ImplementationEntry(name, context, activate));

    /// <summary>Forgets everything. For tests.</summary>
    public static void Reset() => s_subsystems.Clear();

    /// <summary>The name of subsystem <paramref name="subsystem"/>, or null.</summary>
    public static string? NameOf(int subsystem) => IsDeclared(subsystem) ? s_subsystems.Items[subsystem].Name : null;

    /// <summary>The active implementation's name of subsystem <paramref name="subsystem"/>, or null.</summary>
    public static string? ActiveNameOf(int subsystem) =>
        IsDeclared(subsystem) ? s_subsystems.Items[subsystem].ActiveName() : null;

    /// <summary>The subsystem's own files (empty for an unknown id).</summary>
    public static ReadOnlySpan<SubsystemFile> FilesOf(int subsystem) =>
        IsDeclared(subsystem) ? s_subsystems.Items[subsystem].Files.Items : default;

    /// <summary>The subsystem's implementations in registration order, the default first (empty for an unknown id).</summary>
    public static ReadOnlySpan<ImplementationEntry> ImplementationsOf(int subsystem) =>
        IsDeclared(subsystem) ? s_subsystems.Items[subsystem].Implementations.Items : default;

    /// <summary>The index of implementation <paramref name="name"/> of <paramref name="subsystem"/>, or -1.</summary>
    public static int IndexOf(int subsystem, string name)
    {
        ReadOnlySpan<ImplementationEntry> implementations = ImplementationsOf(subsystem);
        for (int i = 0; i < implementations.Length; i++)
        {
            if (TextCompare.AreEqual(implementations[i].Name, name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The id of the subsystem called <paramref name="name"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<byte> name)
    {
        Span<SubsystemEntry> subsystems = s_subsystems.Items;
        for (int i = 0; i < subsystems.Length; i++)
        {
            if (Bytes.Equal(name, subsystems[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when implementation <paramref name="index"/> of <paramref name="subsystem"/> is the active one.</summary>
    public static bool IsActive(int subsystem, int index)
    {
        ReadOnlySpan<ImplementationEntry> implementations = ImplementationsOf(subsystem);
        return index >= 0 && index < implementations.Length &&
            TextCompare.AreEqual(s_subsystems.Items[subsystem].ActiveName(), implementations[index].Name);
    }

    /// <summary>
    /// Makes implementation <paramref name="name"/> of <paramref name="subsystem"/> active. Asking for the active one
    /// succeeds without doing anything, so an implementation never takes over from itself.
    /// </summary>
    public static ActivationStatus Activate(int subsystem, ReadOnlySpan<byte> name)
    {
        if (!IsDeclared(subsystem))
        {
            return ActivationStatus.UnknownSubsystem;
        }

        ReadOnlySpan<ImplementationEntry> implementations = ImplementationsOf(subsystem);
        for (int i = 0; i < implementations.Length; i++)
        {
            if (Bytes.Equal(name, implementations[i].Name))
            {
                return ActivateAt(subsystem, i);
            }
        }

        return ActivationStatus.UnknownImplementation;
    }

    /// <summary>
    /// Makes the subsystem's default active: the first registered implementation (its catalog's first line) or,
    /// when that one refuses, the next that does not. The one place a default is chosen; the kernel command line may
    /// choose another afterwards.
    /// </summary>
    public static ActivationStatus ActivateDefault(int subsystem)
    {
        if (!IsDeclared(subsystem))
        {
            return ActivationStatus.UnknownSubsystem;
        }

        ReadOnlySpan<ImplementationEntry> implementations = ImplementationsOf(subsystem);
        ActivationStatus status = ActivationStatus.UnknownImplementation;
        for (int i = 0; i < implementations.Length && status != ActivationStatus.Success; i++)
        {
            status = ActivateAt(subsystem, i);
        }

        return status;
    }

    /// <summary>
    /// Writes the registered implementations of <paramref name="subsystem"/> in registration order, separated by
    /// spaces, the active one in brackets, then a newline: "[bitmap] buddy stack\n". Returns the length (0 if it does
    /// not fit).
    /// </summary>
    public static int WriteImplementationList(int subsystem, Span<byte> destination)
    {
        if (!IsDeclared(subsystem))
        {
            return 0;
        }

        ReadOnlySpan<ImplementationEntry> implementations = ImplementationsOf(subsystem);
        TextBuilder text = new TextBuilder(destination);
        for (int i = 0; i < implementations.Length; i++)
        {
            if (i > 0)
            {
                text.AppendByte((byte)' ');
            }

            bool isActive = IsActive(subsystem, i);
            if (isActive)
            {
                text.AppendByte((byte)'[');
            }

            text.Append(implementations[i].Name);
            if (isActive)
            {
                text.AppendByte((byte)']');
            }
        }

        text.AppendByte((byte)'\n');
        return text.Overflowed ? 0 : text.Length;
    }

    private static ActivationStatus ActivateAt(int subsystem, int index)
    {
        if (IsActive(subsystem, index))
        {
            return ActivationStatus.Success;
        }

        ref ImplementationEntry entry = ref s_subsystems.Items[subsystem].Implementations.Items[index];
        return entry.Activate(entry.Context) ? ActivationStatus.Success : ActivationStatus.Refused;
    }

    private static bool IsDeclared(int subsystem) => subsystem >= 0 && subsystem < s_subsystems.Count;
}
