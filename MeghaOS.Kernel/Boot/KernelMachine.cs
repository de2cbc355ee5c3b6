// The machine operations the kernel gives the shell (Shell/MachineOperations.cs): reboot, halt, the deliberate
// fault of the panic command, the kernel-only lines of `mem` (managed objects since boot, heap frames), the TSC
// as bench's cycle counter, the ring3 command's probes (Arch/X64/UserProbes.cs) and run's user programs
// (Boot/UserPrograms.cs).
namespace MeghaOS.Boot;

using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Runtime;
using MeghaOS.Shell;
using MeghaOS.Subsystems;

/// <summary>The kernel's <see cref="MachineOperations"/>.</summary>
internal static unsafe class KernelMachine
{
    /// <summary>The operations table for <see cref="CommandShell.Initialize"/>.</summary>
    internal static MachineOperations Operations => new MachineOperations
    {
        Context = null,
        Reboot = &Reboot,
        Halt = &Halt,
        Panic = &Panic,
        OverflowStack = &OverflowStack,
        ExecuteData = &ExecuteData,
        WriteMemoryDetails = &WriteMemoryDetails,
        ReadCycleCounter = Cpu.HasTimestampCounter ? &ReadCycleCounter : null,
        ShowMemoryPicture = &ShowMemoryPicture,
        RunUserProbe = &RunUserProbe,
        WriteUserProbeNames = &WriteUserProbeNames,
        StartProgram = &StartProgram,
    };

    private static int StartProgram(void* context, System.ReadOnlySpan<byte> path, MeghaOS.Syscalls.ExecArguments* arguments) =>
        UserPrograms.Start(path, arguments);

    private static bool RunUserProbe(void* context, System.ReadOnlySpan<byte> name) => UserProbes.Run(name);

    private static void WriteUserProbeNames(void* context) => UserProbes.WriteNames();

    private static ulong ReadCycleCounter(void* context) => Cpu.ReadTimestamp();

    private static void Reboot(void* context) => MachineControl.Reboot();

    private static bool ShowMemoryPicture(void* context) => MemoryPicture.Show();

    private static void Halt(void* context)
    {
        TerminalWriter.WriteLine("System halted.");
        Drivers.FramebufferScreen.FlushPending();
        MachineControl.Halt();
    }

    private static void Panic(void* context) => MachineControl.FaultOnPurpose();

    private static void OverflowStack(void* context) => MachineControl.OverflowStackOnPurpose();

    private static void ExecuteData(void* context) => MachineControl.ExecuteDataOnPurpose();

    // `new` is never undone (no collector), so this count must stay flat while the shell runs; boot tests check it.
    private static void WriteMemoryDetails(void* context)
    {
        TerminalWriter.Write("  from PMM  ");
        TerminalWriter.WriteDecimal(HeapSubsystem.FramesHeld);
        TerminalWriter.WriteLine(" frames");
        TerminalWriter.Write("managed objects: ");
        TerminalWriter.WriteDecimal(ObjectAllocator.ObjectCount);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteDecimal(ObjectAllocator.ByteCount);
        TerminalWriter.WriteLine(" bytes) since boot");
    }
}
