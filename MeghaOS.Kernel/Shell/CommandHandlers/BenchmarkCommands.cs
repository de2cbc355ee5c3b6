// The shell's bench command: what one PMM allocate+free, one heap allocate+free and one call through an operations
// table cost in the running kernel, in CPU cycles from the machine's cycle counter (the TSC). These are the in-kernel
// counterparts of the host's BenchmarkDotNet figures; under QEMU without KVM they include the emulation's cost.
namespace MeghaOS.Shell.CommandHandlers;

using System.Runtime.CompilerServices;
using MeghaOS.Memory;
using MeghaOS.Scheduling;

/// <summary>Handler of the bench command.</summary>
public static unsafe class BenchmarkCommands
{
    /// <summary>How many times each measured operation runs; the figure printed is the mean.</summary>
    public const ulong Rounds = 10000;

    /// <summary>Bytes per heap block measured.</summary>
    public const ulong HeapBlockBytes = 64;

    /// <summary>Yields the context-switch measurement makes (each one a switch there and, from the partner, back).</summary>
    public const ulong SwitchRounds = 2000;

    private static ulong s_partnerRounds;

    // Read through a static field so the compiler cannot turn the call through the table into a direct one.
    private static delegate*<void*, ulong> s_tableCall = &DoNothing;
    private static ulong s_sink;

    /// <summary>
    /// bench: "pmm NAME: allocate+free 1 frame: N cycles", "heap NAME: allocate+free 64 bytes: N cycles",
    /// "call: direct N cycles, through an operations table N cycles", each the mean of <see cref="Rounds"/> rounds,
    /// and "sched NAME: context switch: N cycles (M switches)" between two tasks that yield to each other.
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
            MeasureContextSwitch(machine);
        }
    }

    // Two tasks handing the CPU to each other with Yield: each round is two switches. Only the two are ready
    // (other ready tasks would take turns in between, and the figure would include their slices).
    private static void MeasureContextSwitch(in MachineOperations machine)
    {
        if (!Scheduler.IsRunning || Scheduler.CountIn(TaskState.Ready) != 0)
        {
            ShellOutput.WriteLine("sched: context switch not measured (no scheduler, or other tasks are ready)"u8);
            return;
        }

        s_partnerRounds = 0;
        int partner = Scheduler.Spawn("bench"u8, Scheduler.DefaultWeight, &YieldBack, null);
        if (partner < 0)
        {
            ShellOutput.Error("bench sched"u8, "no room for the partner task"u8);
            return;
        }

        Scheduler.Yield(); // let the partner start
        ulong switches = Scheduler.ContextSwitches;
        ulong start = machine.ReadCycleCounter(machine.Context);
        for (ulong i = 0; i < SwitchRounds; i++)
        {
            Scheduler.Yield();
        }

        ulong cycles = machine.ReadCycleCounter(machine.Context) - start;
        switches = Scheduler.ContextSwitches - switches;
        Scheduler.Kill(partner);
        if (switches == 0)
        {
            ShellOutput.WriteLine("sched: context switch not measured (the policy never ran the partner task)"u8);
            return;
        }

        ShellOutput.Write("sched "u8);
        ShellOutput.Write(Scheduler.PolicyName);
        ShellOutput.Write(": context switch: "u8);
        ShellOutput.Decimal(cycles / switches);
        ShellOutput.Write(" cycles ("u8);
        ShellOutput.Decimal(switches);
        ShellOutput.WriteLine(" switches)"u8);
    }

    // The partner: yields for ever; bench kills it.
    private static void YieldBack(void* argument)
    {
        while (true)
        {
            s_partnerRounds++;
            Scheduler.Yield();
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
