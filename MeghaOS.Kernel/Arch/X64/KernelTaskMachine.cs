// The x86-64 side of the scheduler (Scheduling/SchedulerMachine.cs): each task's kernel stack (16 KiB from the PMM,
// with an unmapped guard page under it, so an overflow faults), the first frame a new task "returns" into
// (ContextSwitch.asm's trampoline, then thread_start here), the switch itself, the idle task's loop, and interrupts
// on and off. A stack is given back (its guard page mapped again) when its task has exited and another one runs.
namespace MeghaOS.Arch.X64;

using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using MeghaOS.Scheduling;

/// <summary>Kernel task stacks and switching on x86-64.</summary>
internal static unsafe class KernelTaskMachine
{
    /// <summary>Frames of a task's stack, not counting its guard page (16 KiB).</summary>
    internal const ulong StackFrames = 4;

    private const ulong DefaultMxcsr = 0x1F80;        // all SSE exceptions masked, round to nearest
    private const ulong DefaultFpuControlWord = 0x037F;
    private const ulong FlagsInterruptsOff = 0x2;      // RFLAGS with only the always-one bit: IF clear

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "context_switch")]
    private static extern void ContextSwitch(ulong* saveStackPointer, ulong newStackPointer);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "thread_start_trampoline_address")]
    private static extern ulong TrampolineAddress();

    /// <summary>The machine table the scheduler is started with.</summary>
    internal static SchedulerMachine Operations => new SchedulerMachine
    {
        PrepareStack = &PrepareStack,
        ReleaseStack = &ReleaseStack,
        Switch = &Switch,
        DisableInterrupts = &DisableInterrupts,
        RestoreInterrupts = &RestoreInterrupts,
    };

    /// <summary>The idle task: halt until the next interrupt, for ever (the timer's tick or input makes work).</summary>
    internal static void Idle(void* argument)
    {
        while (true)
        {
            Cpu.WaitForInterrupt();
            Cpu.DisableInterrupts();
            Scheduler.Preempt();
            Cpu.EnableInterrupts();
        }
    }

    // Guard page + stack from the PMM; the stack's top holds a frame as context_switch leaves it, returning into
    // the trampoline with interrupts off.
    private static bool PrepareStack(SchedulerTask* task)
    {
        ulong frames = StackFrames + 1;
        if (Pmm.Allocate(frames, 1, FrameOwner.TaskStack, out PhysicalAddress stack) != PmmStatus.Success)
        {
            return false;
        }

        // The stack is used (and its guard page unmapped) at its direct-map address; StackBase keeps that address.
        byte* bottom = DirectMap.Pointer(stack);
        if (!PageTables.SetPresent((ulong)bottom, false))
        {
            Pmm.Deallocate(stack, frames, FrameOwner.TaskStack);
            return false;
        }

        task->StackBase = (ulong)bottom;
        task->StackFrames = frames;
        ulong* top = (ulong*)(bottom + frames * PhysicalAddress.FrameSize);
        *--top = TrampolineAddress();                        // where context_switch's ret goes
        *--top = FlagsInterruptsOff;                         // popfq
        for (int i = 0; i < 6; i++)
        {
            *--top = 0;                                      // rbp, rbx, r12-r15
        }

        *--top = DefaultMxcsr | (DefaultFpuControlWord << 32); // ldmxcsr [rsp], fldcw [rsp + 4]
        task->SavedStackPointer = (ulong)top;
        return true;
    }

    private static void ReleaseStack(SchedulerTask* task)
    {
        PageTables.SetPresent(task->StackBase, true);
        Pmm.Deallocate(DirectMap.Physical((void*)task->StackBase), task->StackFrames, FrameOwner.TaskStack);
    }

    // The next task's address space and kernel stack go into CR3 and the TSS first (UserMode.PrepareSwitch).
    private static void Switch(SchedulerTask* from, SchedulerTask* to)
    {
        UserMode.PrepareSwitch(to);
        ContextSwitch(&from->SavedStackPointer, to->SavedStackPointer);
    }

    /// <summary>The top of a task's kernel stack (where an entry from ring 3 starts it), 0 when it has none of its own.</summary>
    internal static ulong StackTop(SchedulerTask* task) =>
        task->StackBase == 0 ? 0 : task->StackBase + task->StackFrames * PhysicalAddress.FrameSize;

    /// <summary>Turns interrupts off; true when they were on (the scheduler's and the facades' critical section).</summary>
    internal static bool DisableInterrupts() => Cpu.SaveAndDisableInterrupts();

    /// <summary>Turns interrupts back on if they were.</summary>
    internal static void RestoreInterrupts(bool wereOn)
    {
        if (wereOn)
        {
            Cpu.EnableInterrupts();
        }
    }

    // Where every new task begins (called by the trampoline, interrupts off): release what the previous task left,
    // turn interrupts on, run the entry, exit.
    [UnmanagedCallersOnly(EntryPoint = "thread_start")]
    private static void ThreadStart()
    {
        Scheduler.FinishSwitch();
        Cpu.EnableInterrupts();
        SchedulerTask* task = Scheduler.Current;
        task->Entry(task->EntryArgument);
        Scheduler.Exit();
        Cpu.HaltForever(); // not reached: Exit switches away for good
    }
}
