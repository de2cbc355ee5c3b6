// The C# entry point, called by Start.asm in 64-bit mode: brings up the runtime and the machine in order, then
// hands over to the Cosmos-shaped Kernel class (BeforeRun once, then Run for ever).
namespace MeghaOS.Boot;

using System.Runtime.InteropServices;
using Internal.Runtime.CompilerHelpers;
using MeghaOS.Drivers;
using MeghaOS.Runtime;

/// <summary>The boot sequence.</summary>
internal static unsafe class KernelEntry
{
    /// <summary>The value a Multiboot v1 loader leaves in EAX.</summary>
    private const uint MultibootLoaderMagic = 0x2BADB002;

    [UnmanagedCallersOnly(EntryPoint = "kernel_main")]
    private static void KernelMain(uint magic, void* multibootInformation, BootLayout* layout)
    {
        // No static field of reference type, no `new` and no class constructor may run before InitializeModules.
        ObjectAllocator.Initialize(layout->BootArenaStart, layout->BootArenaEnd);
        SerialPort.Initialize();
        if (!StartupCodeHelpers.InitializeModules(layout->ModulesStart, layout->ModulesEnd))
        {
            Panic.Halt("ILC module header not recognised");
        }

        if (magic != MultibootLoaderMagic)
        {
            Panic.Halt("not started by a Multiboot loader");
        }

        VgaTextScreen.Clear();
        Panic.Write("MeghaOS boot\n");
        Panic.Halt("end of boot");
    }
}
