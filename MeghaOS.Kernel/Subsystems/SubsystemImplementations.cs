// What every subsystem keeps beside the registry: its implementations' own tables (operations tables, or the PMM's
// descriptor with its metadata), in registration order. Registering one adds it here and to the registry, whose
// context for it is its index here, so each subsystem's Activate finds its table in one step.
namespace MeghaOS.Subsystems;

using System;
using System.Diagnostics.CodeAnalysis;
using MeghaOS.Collections;

/// <summary>A subsystem's registered implementation tables, in the registry's order.</summary>
public unsafe struct SubsystemImplementations<TTable>
{
    private FixedList<TTable> _tables;

    /// <summary>The tables, in registration (catalog) order.</summary>
    [UnscopedRef]
    public ReadOnlySpan<TTable> Items => _tables.Items;

    /// <summary>The table whose registry context is <paramref name="context"/> (what Activate receives).</summary>
    public TTable At(void* context) => _tables.Items[(int)(nint)context];

    /// <summary>
    /// Registers <paramref name="table"/> with the registry as <paramref name="entry"/> (its context is set here), or
    /// says why not: <see cref="RegistrationStatus.Incomplete"/> when <paramref name="isComplete"/> is false, Full,
    /// Duplicate, or the registry's own answer. Nothing is kept unless it succeeds.
    /// </summary>
    public RegistrationStatus Register(int subsystem, ImplementationEntry entry, bool isComplete, in TTable table)
    {
        if (!isComplete)
        {
            return RegistrationStatus.Incomplete;
        }

        if (_tables.IsFull)
        {
            return RegistrationStatus.Full;
        }

        entry.Context = (void*)(nint)_tables.Count;
        RegistrationStatus status = SubsystemRegistry.Register(subsystem, entry);
        if (status == RegistrationStatus.Success)
        {
            _tables.TryAdd(table);
        }

        return status;
    }

    /// <summary>Forgets every table (the registry is reset separately). For tests.</summary>
    public void Clear() => _tables.Clear();
}
