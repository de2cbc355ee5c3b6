// The one name of each memory map type, as /sys/pmm/regions spells it (docs/files.md) and as the kernel's boot memory
// map shows it, so the two can never disagree.
namespace MeghaOS.Memory;

using System;

/// <summary>Names of <see cref="MemoryRegionType"/> values.</summary>
public static class MemoryRegionTypeNames
{
    /// <summary>"usable", "reserved", "acpi-reclaimable", "acpi-nvs" or "bad".</summary>
    public static ReadOnlySpan<byte> Of(MemoryRegionType type)
    {
        switch (type)
        {
            case MemoryRegionType.Usable: return "usable"u8;
            case MemoryRegionType.AcpiReclaimable: return "acpi-reclaimable"u8;
            case MemoryRegionType.AcpiNvs: return "acpi-nvs"u8;
            case MemoryRegionType.BadMemory: return "bad"u8;

            // Reserved, and any value the enum does not name: the Multiboot reader (MeghaOS.Kernel/Boot/Multiboot.cs)
            // already reads every type it does not define as Reserved, and the PMMs treat every type but Usable as
            // reserved, so that is what such a value means.
            default: return "reserved"u8;
        }
    }
}
