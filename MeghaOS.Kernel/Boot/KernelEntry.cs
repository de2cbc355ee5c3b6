// The C# entry point, called by Start.asm in 64-bit mode: brings up the runtime and the machine in order, then
// hands over to the Cosmos-shaped Kernel class (BeforeRun once, then Run for ever).
namespace MeghaOS.Boot;

using System.Runtime.InteropServices;
using Internal.Runtime.CompilerHelpers;
using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Drivers;
using MeghaOS.Memory;
using MeghaOS.Runtime;

/// <summary>The boot sequence.</summary>
internal static unsafe class KernelEntry
{
    private const int SerialIrq = 4;

    [UnmanagedCallersOnly(EntryPoint = "kernel_main")]
    private static void KernelMain(uint magic, byte* multibootInformation, BootLayout* layout)
    {
        // No static field of reference type, no `new` and no class constructor may run before InitializeModules.
        ObjectAllocator.Initialize(layout->BootArenaStart, layout->BootArenaEnd);
        SerialPort.Initialize();
        if (!StartupCodeHelpers.InitializeModules(layout->ModulesStart, layout->ModulesEnd))
        {
            Panic.Halt("ILC module header not recognised");
        }

        // From here on every CPU exception ends in a readable panic.
        InterruptDescriptorTable.Load(layout->InterruptStubs);
        if (magic != Multiboot.LoaderMagic)
        {
            Panic.Halt("not started by a Multiboot loader (bad magic in EAX)");
        }

        VgaTextScreen.Clear();
        Terminal.SetOperations(MirroredTerminal.Operations);

        ProgrammableInterruptController.Initialize();
        ProgrammableIntervalTimer.Initialize();
        TimeStampCounter.Calibrate();
        Timer.SetOperations(ProgrammableIntervalTimer.Operations);

        PmmStatus pmm = PhysicalMemory.Initialize(multibootInformation, layout);
        if (pmm != PmmStatus.Success)
        {
            Panic.Begin();
            Panic.Write("the PMM could not be brought up from the memory map, status ");
            Panic.WriteDecimal((ulong)pmm);
            Panic.End();
        }

        if (KernelHeap.Initialize() != HeapStatus.Success)
        {
            Panic.Halt("the kernel heap could not be installed");
        }

        // Applied in Kernel.BeforeRun, once every implementation is registered.
        SubsystemSetup.KeepCommandLine(multibootInformation);

        InterruptDispatcher.SetIrqHandler(SerialIrq, &SerialPort.OnInterrupt);
        SerialPort.EnableReceiveInterrupt();
        Ps2Keyboard.Initialize();
        Cpu.EnableInterrupts();

        new Kernel().Start();
    }
}
