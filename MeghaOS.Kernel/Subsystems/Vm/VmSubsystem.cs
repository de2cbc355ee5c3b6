// User address spaces on the subsystem mechanism ("vm", boot option vm=NAME): every implementation of the vm catalog
// (Memory/Paging/VmCatalog.cs) gets its operations table from the shared page-table mechanism
// (Memory/Paging/UserPageTables.cs) and is registered; activating one goes through AddressSpaces.SetOperations.
// Switching changes how spaces created afterwards take their frames (eagerly at Map, or on first touch); a space
// keeps the implementation it was created with for its whole life, so nothing is handed over.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory.Paging;

/// <summary>Declares the "vm" subsystem and registers its implementations.</summary>
public static unsafe class VmSubsystem
{
    private const string Name = "vm";

    private static SubsystemImplementations<AddressSpaceOperations> s_implementations;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare(Name, &ActiveName);

    /// <summary>The registered operations tables, in catalog order.</summary>
    public static ReadOnlySpan<AddressSpaceOperations> Implementations => s_implementations.Items;

    /// <summary>
    /// Sets up the shared mechanism over <paramref name="spaces"/> (zeroed, <paramref name="capacity"/> records, kept
    /// for the kernel's life) with the kernel's root table and the machine's hooks (see
    /// <see cref="UserPageTables.Initialize"/>), registers every implementation of <paramref name="catalog"/> in its
    /// order and activates the default. Each one left out is named on the console. False when none could be activated.
    /// </summary>
    public static bool Initialize(ReadOnlySpan<VmImplementation> catalog, SpaceRecord* spaces, int capacity, ulong kernelRoot,
        bool noExecute, delegate*<ulong, void> load, delegate*<ulong, ulong, void> invalidate)
    {
        UserPageTables.Initialize(spaces, capacity, kernelRoot, noExecute, load, invalidate);
        for (int i = 0; i < catalog.Length; i++)
        {
            AddressSpaceOperations operations = UserPageTables.Operations(catalog[i]);
            RegistrationStatus status = s_implementations.Register(Id, new ImplementationEntry(catalog[i].Name, null, &Activate),
                operations.IsComplete, operations);
            SubsystemMessages.ReportRegistration(Name, catalog[i].Name, status);
        }

        return SubsystemRegistry.ActivateDefault(Id) == ActivationStatus.Success;
    }

    /// <summary>Forgets the registered implementations and the mechanism's state. For tests.</summary>
    public static void Reset()
    {
        s_implementations.Clear();
        UserPageTables.Reset();
        AddressSpaces.Reset();
    }

    private static string ActiveName() => AddressSpaces.ImplementationName;

    private static bool Activate(void* context) => AddressSpaces.SetOperations(s_implementations.At(context));
}
