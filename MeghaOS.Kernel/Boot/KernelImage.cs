// Where the kernel image lies: it is linked in the higher half at KernelImage.VirtualBase + its physical address
// (Boot/linker.ld, Boot/Start.asm), so an address inside the image (a static field, the boot page tables, the boot
// stack) becomes a physical one by subtracting that base. The only place that conversion is written: CR3 values,
// the PMM's reservation of the image and anything else that needs the physical address of the image go through here.
namespace MeghaOS.Boot;

/// <summary>Converts addresses inside the kernel image to physical addresses.</summary>
internal static unsafe class KernelImage
{
    /// <summary>Virtual address of physical address 0 in the image's mapping (-2 GiB; the same constant as Boot/linker.ld).</summary>
    internal const ulong VirtualBase = 0xFFFF_FFFF_8000_0000;

    /// <summary>The physical address of an address inside the image.</summary>
    internal static ulong Physical(ulong imageAddress) => imageAddress - VirtualBase;

    /// <summary>The physical address of a pointer into the image.</summary>
    internal static ulong Physical(void* pointer) => (ulong)pointer - VirtualBase;
}
