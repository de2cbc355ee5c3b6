// The PMM on the subsystem mechanism: each implementation registers with the metadata memory the kernel reserved for
// it at boot and its TakeOver function. Activating copies the active state into that metadata (TakeOver) and then
// installs the result with Pmm.SetOperations, which checks that every bitmap is identical, so nothing is lost.
namespace MeghaOS.Subsystems;

using MeghaOS.Memory;

/// <summary>What activating one PMM implementation needs: its pre-reserved metadata and its take-over function.</summary>
public unsafe struct PmmImplementationSlot
{
    /// <summary>Metadata memory reserved for this implementation at boot (never used by another one).</summary>
    public void* Metadata;

    /// <summary>Size of <see cref="Metadata"/> in bytes.</summary>
    public ulong MetadataBytes;

    /// <summary>The implementation's TakeOver: builds its state in the metadata from the active bitmaps.</summary>
    public delegate*<void*, ulong, in FrameStateView, out PmmOperations, PmmStatus> TakeOver;

    /// <summary>
    /// The implementation's consistency checker (Zircon's pmm_checker idea: a piece of its own, beside the allocator),
    /// run by `pmm check` on the live state; may be null.
    /// </summary>
    public delegate*<in PmmOperations, PmmConsistency> Check;
}

/// <summary>Declares the "pmm" subsystem and registers its implementations.</summary>
public static unsafe class PmmSubsystem
{
    private static PmmStatus s_lastStatus;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it on first use.</summary>
    public static int Id => SubsystemRegistry.Declare("pmm", &ActiveName);

    /// <summary>Why the last refused switch was refused (Success when the last switch worked).</summary>
    public static PmmStatus LastStatus => s_lastStatus;

    /// <summary>
    /// Registers implementation <paramref name="name"/>. <paramref name="slot"/> must stay valid for the kernel's life
    /// (the kernel keeps it in its own memory).
    /// </summary>
    public static bool Register(string name, PmmImplementationSlot* slot)
    {
        if (slot == null || slot->TakeOver == null)
        {
            return false;
        }

        return SubsystemRegistry.Register(Id, name, slot, &Activate);
    }

    /// <summary>
    /// Runs the active implementation's consistency checker over its live state. False when no implementation is
    /// active or the active one was registered without a checker.
    /// </summary>
    public static bool TryCheckActive(out PmmConsistency result)
    {
        result = PmmConsistency.Consistent;
        if (!Pmm.IsActive)
        {
            return false;
        }

        var slot = (PmmImplementationSlot*)SubsystemRegistry.ContextOf(Id, Pmm.ImplementationName);
        if (slot == null || slot->Check == null)
        {
            return false;
        }

        result = slot->Check(Pmm.Operations);
        return true;
    }

    private static string ActiveName() => Pmm.ImplementationName;

    private static bool Activate(void* context)
    {
        PmmImplementationSlot* slot = (PmmImplementationSlot*)context;
        if (!Pmm.IsActive)
        {
            s_lastStatus = PmmStatus.NotInitialized;
            return false;
        }

        FrameStateView current = Pmm.State;
        PmmStatus status = slot->TakeOver(slot->Metadata, slot->MetadataBytes, in current, out PmmOperations operations);
        if (status == PmmStatus.Success)
        {
            status = Pmm.SetOperations(operations);
        }

        s_lastStatus = status;
        return status == PmmStatus.Success;
    }
}
