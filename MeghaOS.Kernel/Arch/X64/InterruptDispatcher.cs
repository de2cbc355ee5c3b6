// Where every interrupt lands (called by InterruptStubs.asm): CPU exceptions in the kernel end in a panic that prints
// the vector, error code, RIP and, for page faults, CR2; exceptions in ring 3 go to UserMode (a demand-zero fill, or
// the end of that process only); PIC interrupts go to their handler and are acknowledged, and may switch tasks (the
// timer preempts user code as it does kernel code).
namespace MeghaOS.Arch.X64;

using System.Runtime.InteropServices;

/// <summary>Routes interrupts to handlers.</summary>
internal static unsafe class InterruptDispatcher
{
    /// <summary>First vector of the PIC lines (after the 32 exceptions).</summary>
    internal const int IrqBase = 32;

    /// <summary>Number of PIC lines.</summary>
    internal const int IrqCount = 16;

    private struct HandlerTable
    {
        public fixed ulong Handlers[IrqCount];
    }

    private static HandlerTable s_handlers;
    private static ulong s_spuriousCount;

    /// <summary>Interrupts from the PICs that no handler claimed (spurious IRQ 7/15 and unhandled lines).</summary>
    internal static ulong SpuriousCount => s_spuriousCount;

    /// <summary>Installs <paramref name="handler"/> for PIC line <paramref name="irq"/> and unmasks the line.</summary>
    internal static void SetIrqHandler(int irq, delegate*<void> handler)
    {
        s_handlers.Handlers[irq] = (ulong)handler;
        ProgrammableInterruptController.Unmask(irq);
    }

    [UnmanagedCallersOnly(EntryPoint = "interrupt_dispatch")]
    private static void Dispatch(InterruptFrame* frame)
    {
        ulong vector = frame->Vector;
        bool fromUser = (frame->Cs & 3) == 3;
        if (vector < IrqBase)
        {
            if (fromUser)
            {
                UserMode.OnException(frame); // returns only when the fault was resolved (a demand-zero page)
                return;
            }

            PanicOnException(frame);
            return;
        }

        // A task switch below may run another program with another FS base; this one gets its own back.
        ulong fsBase = fromUser ? UserMode.ReadFsBase() : 0;

        int irq = (int)vector - IrqBase;
        if (ProgrammableInterruptController.IsSpurious(irq))
        {
            s_spuriousCount++;
            return;
        }

        var handler = (delegate*<void>)s_handlers.Handlers[irq];
        if (handler != null)
        {
            handler();
        }
        else
        {
            s_spuriousCount++;
        }

        ProgrammableInterruptController.EndOfInterrupt(irq);

        // A task's slice ended or a task was woken: switch here, on the interrupted task's stack (the stub saved
        // all of its registers and SSE state); it resumes from this point when it is picked again.
        if (Scheduling.Scheduler.NeedsReschedule)
        {
            Scheduling.Scheduler.Preempt();
        }

        if (fromUser)
        {
            UserMode.WriteFsBase(fsBase);
            if (Scheduling.Scheduler.Current->Process != null)
            {
                UserMode.ReturnFromInterrupt(frame, fsBase);
            }
        }
    }

    private static void PanicOnException(InterruptFrame* frame)
    {
        Panic.Begin();
        Panic.Write("CPU exception ");
        Panic.WriteDecimal(frame->Vector);
        Panic.Write(": ");
        Panic.Write(CpuExceptionNames.Of(frame->Vector));
        Panic.Write("\n  vector=");
        Panic.WriteDecimal(frame->Vector);
        Panic.Write(" error=");
        Panic.WriteHex(frame->ErrorCode);
        Panic.Write("\n  RIP=");
        Panic.WriteHex(frame->Rip);
        Panic.Write(" RSP=");
        Panic.WriteHex(frame->Rsp);
        if (frame->Vector == (ulong)CpuException.PageFault)
        {
            Panic.Write("\n  CR2=");
            Panic.WriteHex(Cpu.ReadCr2());
            Panic.Write((frame->ErrorCode & 1) != 0 ? " (protection violation" : " (page not present");
            Panic.Write((frame->ErrorCode & 0x10) != 0 ? ", instruction fetch)" : (frame->ErrorCode & 2) != 0 ? ", write)" : ", read)");
        }

        Panic.Write("\n  RAX=");
        Panic.WriteHex(frame->Rax);
        Panic.Write(" RBX=");
        Panic.WriteHex(frame->Rbx);
        Panic.Write(" RCX=");
        Panic.WriteHex(frame->Rcx);
        Panic.Write("\n  RDX=");
        Panic.WriteHex(frame->Rdx);
        Panic.Write(" RSI=");
        Panic.WriteHex(frame->Rsi);
        Panic.Write(" RDI=");
        Panic.WriteHex(frame->Rdi);
        Panic.End();
    }
}
