// What the boot stub (Start.asm, label boot_layout) tells the C# side about the loaded image. The field order
// matches the assembly exactly.
namespace MeghaOS.Boot;

/// <summary>
/// Addresses of the kernel image and its boot-time areas, as the image is mapped (in the higher half; see
/// <see cref="KernelImage"/> for their physical addresses).
/// </summary>
public unsafe struct BootLayout
{
    /// <summary>First byte of the image (1 MiB).</summary>
    public ulong ImageStart;

    /// <summary>One past the last byte of the image, .bss (page tables, stacks, boot arena) included; 4 KiB aligned.</summary>
    public ulong ImageEnd;

    /// <summary>Lowest address of the boot stack.</summary>
    public ulong StackBottom;

    /// <summary>One past the highest address of the boot stack (where it starts).</summary>
    public ulong StackTop;

    /// <summary>How many bytes of physical memory (from 0) the boot page tables put in the direct map.</summary>
    public ulong BootDirectMapBytes;

    /// <summary>The __modules section: pointers to ILC's module headers.</summary>
    public void** ModulesStart;

    /// <summary>End of the __modules section.</summary>
    public void** ModulesEnd;

    /// <summary>The 48 interrupt entry stubs (InterruptStubs.asm), one 8-byte address per vector.</summary>
    public ulong* InterruptStubs;

    /// <summary>Lowest address of the stack that double faults, NMIs and machine checks run on (IST 1).</summary>
    public ulong FaultStackBottom;

    /// <summary>One past the highest address of that stack.</summary>
    public ulong FaultStackTop;

    /// <summary>Start of the boot arena, where managed objects come from before the kernel heap exists.</summary>
    public byte* BootArenaStart;

    /// <summary>End of the boot arena.</summary>
    public byte* BootArenaEnd;
}
