// The PMM on the subsystem mechanism ("pmm"): every implementation of the PMM catalog (MeghaOS.Pmm/PmmCatalog.cs)
// registers with the metadata memory the kernel reserved for it at boot (PmmMetadataPlacement.cs), so a switch
// never allocates. Activating the first implementation creates it from the memory map; every later activation
// copies the active state into the newcomer's metadata (TakeOver) and installs it with Pmm.SetOperations, which
// checks that every bitmap is identical, so nothing is lost. /sys/pmm/stats, regions and owners are the subsystem's
// own files (PmmFiles.cs); an implementation may add one of its own (the buddy's buddyinfo). Each activation's
// Create or TakeOver is timed with the kernel's cycle counter (SetCycleCounter) for /sys/pmm/startup.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Memory;

/// <summary>Declares the "pmm" subsystem and registers its implementations.</summary>
public static unsafe class PmmSubsystem
{
    private const string Name = "pmm";

    private struct PmmSlot
    {
        public PmmImplementation Implementation;
        public void* Metadata;
        public ulong MetadataBytes;
    }

    private static SubsystemImplementations<PmmSlot> s_slots;
    private static MemoryRegion* s_regions;
    private static int s_regionCount;
    private static PhysicalRange* s_reserved;
    private static int s_reservedCount;
    private static PmmStatus s_lastStatus;
    private static delegate*<ulong> s_readCycles;
    private static ulong s_cyclesPerSecond;
    private static PmmStartup s_startup;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it (with its files) on first use.</summary>
    public static int Id
    {
        get
        {
            int id = SubsystemRegistry.Declare(Name, &ActiveName);
            if (id >= 0 && SubsystemRegistry.FilesOf(id).Length == 0)
            {
                SubsystemRegistry.AddFile(id, new SubsystemFile("stats", &PmmFiles.RenderStats));
                SubsystemRegistry.AddFile(id, new SubsystemFile("regions", &PmmFiles.ProduceRegions));
                SubsystemRegistry.AddFile(id, new SubsystemFile("owners", &PmmFiles.ProduceOwners));
                SubsystemRegistry.AddFile(id, new SubsystemFile("startup", &PmmFiles.RenderStartup));
            }

            return id;
        }
    }

    /// <summary>Why the last activation failed (Success when it worked).</summary>
    public static PmmStatus LastStatus => s_lastStatus;

    /// <summary>How the active implementation came up: Create or TakeOver, its metadata, and how long it took.</summary>
    public static PmmStartup Startup => s_startup;

    /// <summary>
    /// Sets the counter that times each activation (the kernel's time-stamp counter) and its frequency (0: unknown,
    /// then only cycles are reported). Without one (host tests) the times are 0.
    /// </summary>
    public static void SetCycleCounter(delegate*<ulong> readCycles, ulong cyclesPerSecond)
    {
        s_readCycles = readCycles;
        s_cyclesPerSecond = cyclesPerSecond;
    }

    /// <summary>The memory map the PMM was built from (shown in /sys/pmm/regions).</summary>
    public static ReadOnlySpan<MemoryRegion> Regions => new ReadOnlySpan<MemoryRegion>(s_regions, s_regionCount);

    /// <summary>
    /// Sets the memory map and the reserved ranges the first implementation is created from. Both must stay valid
    /// (and unchanged) for the kernel's life: the kernel keeps them in its own static memory.
    /// </summary>
    public static void SetMemoryMap(MemoryRegion* regions, int regionCount, PhysicalRange* reserved, int reservedCount)
    {
        s_regions = regions;
        s_regionCount = regionCount;
        s_reserved = reserved;
        s_reservedCount = reservedCount;
    }

    /// <summary>
    /// Registers <paramref name="implementation"/> with the metadata reserved for it, which must stay valid for the
    /// kernel's life and be used by nothing else.
    /// </summary>
    public static RegistrationStatus Register(in PmmImplementation implementation, void* metadata, ulong metadataBytes)
    {
        PmmSlot slot = default;
        slot.Implementation = implementation;
        slot.Metadata = metadata;
        slot.MetadataBytes = metadataBytes;
        ImplementationEntry entry = new ImplementationEntry(implementation.Name, null, &Activate);
        entry.File = implementation.File;
        return s_slots.Register(Id, entry, implementation.IsComplete && metadata != null, slot);
    }

    /// <summary>Forgets the registered implementations and the memory map (the registry is reset separately). For tests.</summary>
    public static void Reset()
    {
        s_slots.Clear();
        SetMemoryMap(null, 0, null, 0);
        s_lastStatus = PmmStatus.Success;
        s_startup = default;
    }

    /// <summary>
    /// Runs the active implementation's consistency checker over its live state. False when no implementation is
    /// active or the active one is not a registered one.
    /// </summary>
    public static bool TryCheckActive(out PmmConsistency result)
    {
        result = PmmConsistency.Consistent;
        PmmOperations active = Pmm.Operations;
        ReadOnlySpan<PmmSlot> slots = s_slots.Items;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Pmm.IsActive && slots[i].Implementation.Owns(active))
            {
                result = slots[i].Implementation.CheckConsistency(active);
                return true;
            }
        }

        return false;
    }

    private static string ActiveName() => Pmm.ImplementationName;

    // The take-over and the switch happen in the critical section: no task may allocate in between.
    private static bool Activate(void* context)
    {
        bool section = CriticalSection.Enter();
        bool activated = TakeOverOrCreate(s_slots.At(context));
        CriticalSection.Leave(section);
        return activated;
    }

    private static bool TakeOverOrCreate(PmmSlot slot)
    {
        PmmOperations operations;
        PmmStatus status;
        bool takeOver = Pmm.IsActive;
        ulong start = s_readCycles == null ? 0 : s_readCycles();
        if (takeOver)
        {
            FrameStateView current = Pmm.State;
            status = slot.Implementation.TakeOver(slot.Metadata, slot.MetadataBytes, in current, out operations);
        }
        else
        {
            status = slot.Implementation.Create(slot.Metadata, slot.MetadataBytes, Regions,
                new ReadOnlySpan<PhysicalRange>(s_reserved, s_reservedCount), out operations);
        }

        ulong cycles = s_readCycles == null ? 0 : s_readCycles() - start;
        if (status == PmmStatus.Success)
        {
            status = Pmm.SetOperations(operations);
        }

        if (status == PmmStatus.Success)
        {
            s_startup = new PmmStartup(takeOver, slot.MetadataBytes, cycles,
                s_cyclesPerSecond == 0 ? 0 : cycles * 1_000_000 / s_cyclesPerSecond);
        }

        s_lastStatus = status;
        return status == PmmStatus.Success;
    }
}
