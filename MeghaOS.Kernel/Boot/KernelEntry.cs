// The C# entry point, called by Start.asm in 64-bit mode: brings up the runtime and the machine in order, then
// hands over to the Cosmos-shaped Kernel class (BeforeRun once, then Run for ever).
namespace MeghaOS.Boot;

using System.Runtime.InteropServices;
using Internal.Runtime.CompilerHelpers;
using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Drivers;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Runtime;
using MeghaOS.Scheduling;
using MeghaOS.Subsystems;

/// <summary>The boot sequence.</summary>
internal static unsafe class KernelEntry
{
    private const int SerialIrq = 4;

    /// <summary>Most tasks at once, the idle and kernel tasks included.</summary>
    private const int MaxTasks = 64;

    /// <summary>Most user address spaces at once.</summary>
    private const int MaxAddressSpaces = 64;

    [UnmanagedCallersOnly(EntryPoint = "kernel_main")]
    private static void KernelMain(uint magic, uint multibootPhysical, BootLayout* layout)
    {
        // Physical memory is reached only through the direct map from here on (the lower half is empty): the boot
        // page tables map its first 4 GiB, PhysicalMemory.MapAll the rest.
        DirectMap.SetOffset(DirectMapTables.Base);
        byte* multibootInformation = DirectMap.Pointer(multibootPhysical);

        // No static field of reference type, no `new` and no class constructor may run before InitializeModules.
        ObjectAllocator.Initialize(layout->BootArenaStart, layout->BootArenaEnd);
        SerialPort.Initialize();
        if (!StartupCodeHelpers.InitializeModules(layout->ModulesStart, layout->ModulesEnd))
        {
            Panic.Halt("ILC module header not recognised");
        }

        // The kernel's own segments and TSS (with user segments and the interrupt stacks), then the IDT: from here on
        // every CPU exception ends in a readable panic.
        GlobalDescriptorTable.Initialize();
        InterruptDescriptorTable.Load(layout->InterruptStubs);
        UserMode.Initialize();
        if (magic != Multiboot.LoaderMagic)
        {
            Panic.Halt("not started by a Multiboot loader (bad magic in EAX)");
        }

        // The PMM and heap facades keep preempted tasks out of their implementations with interrupts off.
        CriticalSection.SetHooks(&KernelTaskMachine.DisableInterrupts, &KernelTaskMachine.RestoreInterrupts);

        // All physical memory into the direct map, before anything past its first 4 GiB (a framebuffer, PMM metadata)
        // is touched.
        PhysicalMemory.MapAll(multibootInformation, layout);

        // The direct map is data: with NX the kernel cannot be made to run it (`panic exec` shows the fault).
        if (UserMode.HasNoExecute)
        {
            DirectMapTables.ForbidExecution();
        }

        // Each subsystem registers its catalog and activates the catalog's default; the kernel command line may
        // choose others once every subsystem is up (Kernel.BeforeRun).
        BootScreen.Initialize(multibootInformation);
        if (!ConsoleSubsystem.Initialize(ConsoleCatalog.All))
        {
            Panic.Halt("no console output could be activated");
        }

        ProgrammableInterruptController.Initialize();
        ProgrammableIntervalTimer.Initialize();
        TimeStampCounter.Calibrate();
        if (!TimerSubsystem.Initialize(TimerCatalog.All))
        {
            Panic.Halt("no clock source could be activated");
        }

        Timer.SetIdle(&WaitUntil);

        // Each PMM activation is timed in time-stamp counter cycles (/sys/pmm/startup), when the CPU has the counter.
        if (Cpu.HasTimestampCounter)
        {
            PmmSubsystem.SetCycleCounter(&ReadCycles, TimeStampCounter.FrequencyHz);
        }

        PmmStatus pmm = PhysicalMemory.Initialize();
        if (pmm != PmmStatus.Success)
        {
            Panic.Begin();
            Panic.Write("the PMM could not be brought up from the memory map, status ");
            Panic.WriteDecimal((ulong)pmm);
            Panic.End();
        }

        if (!HeapSubsystem.Initialize(HeapCatalog.All, FrameSource.FromPmm))
        {
            Panic.Halt("the kernel heap could not be installed");
        }

        // User address spaces: the kernel's top-level entries are copied into each.
        var spaces = (SpaceRecord*)Heap.Allocate((nuint)(sizeof(SpaceRecord) * MaxAddressSpaces));
        if (spaces == null || !VmSubsystem.Initialize(VmCatalog.All, ZeroSpaces(spaces), MaxAddressSpaces, UserMode.KernelRoot,
            UserMode.HasNoExecute, &UserMode.LoadRoot, &UserMode.InvalidatePage))
        {
            Panic.Halt("the address-space subsystem could not be started");
        }

        // From here the code running is the scheduler's "kernel" task; the timer's tick preempts once interrupts are on.
        var tasks = (SchedulerTask*)Heap.Allocate((nuint)(sizeof(SchedulerTask) * MaxTasks));
        if (tasks == null || !SchedulerSubsystem.Initialize(SchedulerCatalog.All, ZeroTasks(tasks), MaxTasks,
            KernelTaskMachine.Operations, ProgrammableIntervalTimer.TickNanoseconds, &KernelTaskMachine.Idle))
        {
            Panic.Halt("the scheduler could not be started");
        }

        // Processes and system calls over the vm and user mode; /bin/init starts in Kernel.BeforeRun.
        if (!UserPrograms.Initialize())
        {
            Terminal.Write("warning: no memory for the process tables; user programs cannot run\n"u8);
        }

        // Applied in Kernel.BeforeRun, once every implementation is registered.
        SubsystemSetup.KeepCommandLine(multibootInformation);

        InterruptDispatcher.SetIrqHandler(SerialIrq, &SerialPort.OnInterrupt);
        SerialPort.EnableReceiveInterrupt();
        Ps2Keyboard.Initialize();
        Cpu.EnableInterrupts();

        new Kernel().Start();
    }

    // A timed wait sleeps until its end: the task blocks and others run, and the first tick at or past the end
    // wakes it (before the scheduler runs, the CPU halts until the next interrupt). The PIT's IRQ 0 keeps coming every
    // 10 ms whichever clock source is active.
    private static void WaitUntil(ulong uptimeNanoseconds)
    {
        if (Scheduler.IsRunning)
        {
            Scheduler.SleepUntil(uptimeNanoseconds);
        }
        else
        {
            Cpu.WaitForInterrupt();
        }
    }

    private static ulong ReadCycles() => Cpu.ReadTimestamp();

    private static SpaceRecord* ZeroSpaces(SpaceRecord* spaces)
    {
        for (int i = 0; i < MaxAddressSpaces; i++)
        {
            spaces[i] = default;
        }

        return spaces;
    }

    private static SchedulerTask* ZeroTasks(SchedulerTask* tasks)
    {
        for (int i = 0; i < MaxTasks; i++)
        {
            tasks[i] = default;
        }

        return tasks;
    }
}
