// The shell's bench command: what one PMM allocate+free, one heap allocate+free and one call through an operations
// table cost in the running kernel, in CPU cycles from the machine's cycle counter (the TSC). These are the in-kernel
// counterparts of the host's BenchmarkDotNet figures; under QEMU without KVM they include the emulation's cost.
namespace MeghaOS.Shell.CommandHandlers;

using System.Runtime.CompilerServices;
using MeghaOS.Memory;

/// <summary>Handler of the bench command.</summary>
public static unsafe class BenchmarkCommands
{
    /// <summary>How many times each measured operation runs; the figure printed is the mean.</summary>
    public const ulong Rounds = 10000;

    /// <summary>Bytes per heap block measured.</summary>
    public const ulong HeapBlockBytes = 64;

    // Read through a static field so the compiler cannot turn the call through the table into a direct one.
    private static delegate*<void*, ulong> s_tableCall = &DoNothing;
    private static ulong s_sink;

    /// <summary>
    /// bench: "pmm NAME: allocate+free 1 frame: N cycles", "heap NAME: allocate+free 64 bytes: N cycles",
    /// "call: direct N cycles, through an operations table N cycles", each the mean of <see cref="Rounds"/> rounds.
    /// Everything allocated is freed again; on an error the command stops and says which step failed.
    /// </summary>
    public static void Benchmark(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("bench"u8, "usage: bench"u8);
            return;
        }

        MachineOperations machine = CommandShell.Machine;
        if (machine.ReadCycleCounter == null)
        {
            ShellOutput.Error("bench"u8, "no cycle counter on this machine"u8);
            return;
        }

        if (MeasurePmm(machine) && MeasureHeap(machine))
        {
            MeasureCalls(machine);
        }
    }

    private static bool MeasurePmm(in MachineOperations machine)
    {
        ulong start = machine.ReadCycleCounter(machine.Context);
        for (ulong i = 0; i < Rounds; i++)
        {
            PmmStatus status = Pmm.Allocate(1, 1, FrameOwner.Kernel, out PhysicalAddress address);
            if (status == PmmStatus.Success)
            {
                status = Pmm.Deallocate(address, 1, FrameOwner.Kernel);
            }

            if (status != PmmStatus.Success)
            {
                ShellOutput.Error("bench pmm"u8, PmmStatusText.Of(status));
                return false;
            }
        }

        ulong cycles = machine.ReadCycleCounter(machine.Context) - start;
        ShellOutput.Write("pmm "u8);
        ShellOutput.Write(Pmm.ImplementationName);
        ShellOutput.Write(": allocate+free 1 frame: "u8);
        WriteMeanCycles(cycles);
        ShellOutput.NewLine();
        return true;
    }

    private static bool MeasureHeap(in MachineOperations machine)
    {
        ulong start = machine.ReadCycleCounter(machine.Context);
        for (ulong i = 0; i < Rounds; i++)
        {
            void* block = Heap.Allocate((nuint)HeapBlockBytes);
            if (block == null)
            {
                ShellOutput.Error("bench heap"u8, "out of memory"u8);
                return false;
            }

            if (Heap.Free(block) != HeapStatus.Success)
            {
                ShellOutput.Error("bench heap"u8, "the heap refused to free its own block"u8);
                return false;
            }
        }

        ulong cycles = machine.ReadCycleCounter(machine.Context) - start;
        ShellOutput.Write("heap "u8);
        ShellOutput.Write(Heap.ImplementationName);
        ShellOutput.Write(": allocate+free 64 bytes: "u8);
        WriteMeanCycles(cycles);
        ShellOutput.NewLine();
        return true;
    }

    private static void MeasureCalls(in MachineOperations machine)
    {
        ulong sink = 0;
        ulong start = machine.ReadCycleCounter(machine.Context);
        for (ulong i = 0; i < Rounds; i++)
        {
            sink += DoNothing(null);
        }

        ulong direct = machine.ReadCycleCounter(machine.Context) - start;
        start = machine.ReadCycleCounter(machine.Context);
        for (ulong i = 0; i < Rounds; i++)
        {
            sink += s_tableCall(null);
        }

        ulong table = machine.ReadCycleCounter(machine.Context) - start;
        ShellOutput.Write("call: direct "u8);
        s_sink = sink; // keeps the loops' results alive
        WriteMeanCycles(direct);
        ShellOutput.Write(", through an operations table "u8);
        WriteMeanCycles(table);
        ShellOutput.NewLine();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong DoNothing(void* context) => 1;

    private static void WriteMeanCycles(ulong totalCycles)
    {
        ShellOutput.Decimal(totalCycles / Rounds);
        ShellOutput.Write(" cycles"u8);
    }
}
