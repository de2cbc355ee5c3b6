// The initial ramdisk at boot: the first Multiboot module (GRUB's `module` line in the ISO, QEMU's -initrd with
// -kernel) is a cpio newc archive whose bin/ files become /bin. Find runs while the PMM is brought up, so the module
// and the module table are reserved (reservation "ramdisk") before any frame is handed out; Install runs once the
// file tree is mounted and prints one line: how many files and bytes reached /bin, or why there are none.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem.Initrd;
using MeghaOS.Memory;

/// <summary>Where the loader put the initial ramdisk, and its installation into /bin.</summary>
internal static unsafe class BootRamdisk
{
    private static ulong s_start;
    private static ulong s_length;
    private static bool s_found;
    private static bool s_beyondMappedMemory;

    /// <summary>The module table's bytes (empty without modules): the PMM reserves them.</summary>
    internal static PhysicalRange Table { get; private set; }

    /// <summary>The ramdisk's bytes (empty without one): the PMM reserves them as "ramdisk".</summary>
    internal static PhysicalRange Range => new PhysicalRange(s_start, s_length);

    /// <summary>
    /// Looks for the first Multiboot module and notes where it and the module table are (see <see cref="Table"/> and
    /// <see cref="Range"/>); a module that ends past <paramref name="mappedBytes"/> is noted and left alone.
    /// </summary>
    internal static void Find(byte* multibootInformation, ulong mappedBytes)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetModules(information, out uint table, out uint count))
        {
            return;
        }

        int entries = count > Multiboot.MaxModules ? Multiboot.MaxModules : (int)count;
        Table = new PhysicalRange(table, (ulong)entries * Multiboot.ModuleEntryBytes);
        var modules = new ReadOnlySpan<byte>(DirectMap.Pointer(table), entries * Multiboot.ModuleEntryBytes);
        if (!Multiboot.TryReadModule(modules, 0, out MultibootModule module))
        {
            return;
        }

        s_found = true;
        if (module.End > mappedBytes || module.Length > int.MaxValue)
        {
            s_beyondMappedMemory = true;
            return;
        }

        s_start = module.Start;
        s_length = module.Length;
    }

    /// <summary>Copies the ramdisk's bin/ files to /bin and prints the boot line; the kernel boots whatever happens.</summary>
    internal static void Install()
    {
        if (!s_found)
        {
            Terminal.Write("ramdisk: none (no Multiboot module); /bin is not created\n"u8);
            return;
        }

        if (s_beyondMappedMemory)
        {
            Terminal.Write("ramdisk: the module lies beyond the memory the kernel maps; not loaded\n"u8);
            return;
        }

        RamdiskResult result = InitialRamdisk.Install(new ReadOnlySpan<byte>(DirectMap.Pointer(s_start), (int)s_length));
        InitialRamdisk.WriteSummary(result);
    }
}
