// Memory map entry types, numbered as Multiboot and E820 number them so a map can be copied without translation.
namespace MeghaOS.Memory;

/// <summary>The type of a memory map entry. Values are the Multiboot/E820 type numbers.</summary>
public enum MemoryRegionType : uint
{
    /// <summary>RAM the operating system may use.</summary>
    Usable = 1,

    /// <summary>In use by firmware or hardware; never touched.</summary>
    Reserved = 2,

    /// <summary>ACPI tables; reclaimable after they are read. MeghaOS keeps them reserved.</summary>
    AcpiReclaimable = 3,

    /// <summary>ACPI non-volatile storage; must be preserved across sleep.</summary>
    AcpiNvs = 4,

    /// <summary>Defective RAM.</summary>
    BadMemory = 5,
}
