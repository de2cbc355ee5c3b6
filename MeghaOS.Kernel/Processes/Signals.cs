// Signal delivery the Linux x86-64 way: on the way back to user mode (after a system call, after an interrupt from
// ring 3, before a thread's first run) the lowest pending signal that is not blocked either ends the process (its
// default action), is thrown away (ignored) or runs its handler: a SignalFrame (Linux's rt_sigframe) goes on the user
// stack below the red zone, RSP points at its return address (sa_restorer) so that RSP + 8 is 16-byte aligned as at
// a call, and the handler starts with rdi = signal, rsi = &siginfo, rdx = &ucontext and the handler's mask blocked
// (plus the signal itself unless SA_NODEFER). rt_sigreturn reads the frame back: every register, RIP, RFLAGS and the
// blocked mask, after checking that the frame gives back user-mode selectors and a user RIP; a forged frame ends the
// process with SIGSEGV. A fault in user mode with a handler installed goes the same way (si_addr = the address);
// when the frame cannot be written, or the fault's signal is blocked (a fault inside its own handler), the process
// ends, as on Linux. The FP/SSE state (the 512-byte fxsave image the kernel entry saved) goes on the stack above the
// frame, 64-byte aligned, with uc_mcontext.fpstate pointing at it, and the handler starts with the initial FP state;
// rt_sigreturn loads it back (MXCSR cut to the bits the CPU accepts). Where the architecture gives no image (a
// thread's first run, the host tests) fpstate is 0 and the FP state is left alone.
namespace MeghaOS.Processes;

using MeghaOS.Syscalls;

/// <summary>Pending, blocked and delivered signals.</summary>
public static unsafe class Signals
{
    /// <summary>SIGKILL and SIGSTOP, which cannot be handled, ignored or blocked.</summary>
    public const int Kill = 9, Stop = 19;

    /// <summary>SIGSEGV.</summary>
    public const int Segmentation = 11;

    /// <summary>The bits no mask may hold (SIGKILL, SIGSTOP).</summary>
    public const ulong Unblockable = (1UL << (Kill - 1)) | (1UL << (Stop - 1));

    // RFLAGS bits a handler starts without (TF, DF, RF), and those sigreturn may set (CF PF AF ZF SF TF DF OF AC ID;
    // IF and bit 1 always on), as the return path in UserModeEntry.asm keeps them.
    private const ulong HandlerClearedFlags = 0x100 | 0x400 | 0x10000;
    private const ulong UserFlagsKept = 0x240DD5, UserFlagsForced = 0x202;

    /// <summary>Bytes of an FP state image (fxsave's legacy area).</summary>
    public const int FpStateBytes = 512;

    /// <summary>
    /// The architecture's hook: the FP state image the kernel entry saved for the program whose registers are these
    /// (fxsave layout, reloaded on the way out), or null when there is none.
    /// </summary>
    public static delegate*<UserRegisters*, byte*> FpStateArea;

    // fxsave image: FCW at 0, MXCSR at 24, MXCSR_MASK at 28; the values a fresh FPU has (FNINIT, MXCSR reset).
    private const int FpControl = 0, FpMxcsr = 24, FpMxcsrMask = 28;
    private const ushort FpControlInitial = 0x37F;
    private const uint MxcsrInitial = 0x1F80, MxcsrMaskDefault = 0xFFBF;

    /// <summary>The sigset_t bit of signal <paramref name="signal"/> (1 to 64).</summary>
    public static ulong Bit(int signal) => 1UL << (signal - 1);

    /// <summary>True for the signals whose default action is to ignore them: SIGCHLD, SIGCONT, SIGURG, SIGWINCH.</summary>
    public static bool IgnoredByDefault(int signal) => signal == 17 || signal == 18 || signal == 23 || signal == 28;

    /// <summary>The pending signals of <paramref name="process"/> that are not blocked.</summary>
    public static ulong Deliverable(Process* process) =>
        process == null ? 0 : process->PendingSignals & ~(process->BlockedSignals & ~Unblockable);

    /// <summary>
    /// The way back to user mode of the running process: acts on every pending signal that is not blocked, lowest
    /// first. A handler's frame is pushed and <paramref name="registers"/> rewritten so that it runs; with several,
    /// the frames nest and the last one runs first. A signal whose default is to end the process ends it here (never
    /// returns in the kernel). With <paramref name="registers"/> null (no user context) handlers stay pending.
    /// </summary>
    public static void DeliverPending(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return;
        }

        ulong skipped = 0;
        while (true)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            ulong ready = Deliverable(process) & ~skipped;
            int signal = ready == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(ready) + 1;
            if (signal == 0)
            {
                // rt_sigsuspend's mask goes back once no handler took it into its frame.
                if (process->HasSuspendedMask)
                {
                    process->BlockedSignals = process->SuspendedMask;
                    process->HasSuspendedMask = false;
                }

                ProcessTable.RestoreInterrupts(interrupts);
                return;
            }

            if (registers == null && process->Handles(signal))
            {
                skipped |= Bit(signal);
                ProcessTable.RestoreInterrupts(interrupts);
                continue;
            }

            process->PendingSignals &= ~Bit(signal);
            int sender = process->SignalSenders[signal - 1];
            ProcessTable.RestoreInterrupts(interrupts);

            if (process->Ignores(signal))
            {
                continue;
            }

            if (!process->Handles(signal))
            {
                ProcessTable.ExitCurrent(signal & 0x7F);
                return;
            }

            int code = sender > 0 ? SignalFrame.CodeUser : SignalFrame.CodeKernel;
            if (!PushFrame(process, registers, signal, code, sender, 0, 0, 0))
            {
                ProcessTable.EndCurrentOnFault(Segmentation, registers->Rsp, registers->Rip);
                return;
            }
        }
    }

    /// <summary>
    /// A fault in user mode (<paramref name="signal"/> SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS at
    /// <paramref name="address"/>; <paramref name="trap"/> the CPU vector, <paramref name="error"/> its error code):
    /// true when the running process's handler was set up to run (<paramref name="registers"/> rewritten); false when
    /// the process must end (no handler, the signal blocked, or no frame could be written).
    /// </summary>
    public static bool DeliverFault(int signal, ulong address, ulong trap, ulong error, UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null || registers == null || !process->Handles(signal) || (process->BlockedSignals & Bit(signal)) != 0)
        {
            return false;
        }

        int code = signal == Segmentation ? SignalFrame.CodeMapError : SignalFrame.CodeKernel;
        return PushFrame(process, registers, signal, code, 0, address, trap, error);
    }

    /// <summary>
    /// rt_sigreturn: restores the context of the frame whose return address the handler's ret popped (the frame is at
    /// RSP - 8) and gives the interrupted RAX back as the call's result. A frame that cannot be read or is forged
    /// (other selectors than user mode's, a RIP outside the user half) ends the process with SIGSEGV.
    /// </summary>
    public static long Return(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return -Errno.EPERM;
        }

        ulong frame = registers->Rsp - 8;
        byte* context = stackalloc byte[SignalFrame.ContextBytes];
        if (registers->Rsp < 8 || UserMemory.CopyIn(process, frame + SignalFrame.Context, context, SignalFrame.ContextBytes) != 0)
        {
            ProcessTable.EndCurrentOnFault(Segmentation, frame, registers->Rip);
            return -Errno.EFAULT;
        }

        byte* machine = context + SignalFrame.Machine;
        ulong rip = Word(machine, SignalFrame.Rip);
        if (*(ushort*)(machine + SignalFrame.Cs) != SignalFrame.UserCode || *(ushort*)(machine + SignalFrame.Ss) != SignalFrame.UserStack
            || rip >= MemoryLayout.UserTop)
        {
            ProcessTable.EndCurrentOnFault(Segmentation, frame, rip);
            return -Errno.EFAULT;
        }

        registers->R8 = Word(machine, SignalFrame.R8);
        registers->R9 = Word(machine, SignalFrame.R9);
        registers->R10 = Word(machine, SignalFrame.R10);
        registers->R11 = Word(machine, SignalFrame.R11);
        registers->R12 = Word(machine, SignalFrame.R12);
        registers->R13 = Word(machine, SignalFrame.R13);
        registers->R14 = Word(machine, SignalFrame.R14);
        registers->R15 = Word(machine, SignalFrame.R15);
        registers->Rdi = Word(machine, SignalFrame.Rdi);
        registers->Rsi = Word(machine, SignalFrame.Rsi);
        registers->Rbp = Word(machine, SignalFrame.Rbp);
        registers->Rbx = Word(machine, SignalFrame.Rbx);
        registers->Rdx = Word(machine, SignalFrame.Rdx);
        registers->Rax = Word(machine, SignalFrame.Rax);
        registers->Rcx = Word(machine, SignalFrame.Rcx);
        registers->Rsp = Word(machine, SignalFrame.Rsp);
        registers->Rip = rip;
        registers->Rflags = (Word(machine, SignalFrame.Rflags) & UserFlagsKept) | UserFlagsForced;
        ulong fpState = Word(machine, SignalFrame.FpState);
        byte* area = FpStateArea != null ? FpStateArea(registers) : null;
        if (fpState != 0 && area != null)
        {
            byte* image = stackalloc byte[FpStateBytes];
            if (UserMemory.CopyIn(process, fpState, image, FpStateBytes) != 0)
            {
                ProcessTable.EndCurrentOnFault(Segmentation, fpState, rip);
                return -Errno.EFAULT;
            }

            // fxrstor faults (in the kernel) on an MXCSR bit the CPU does not support: those are dropped.
            uint mask = *(uint*)(area + FpMxcsrMask);
            *(uint*)(image + FpMxcsr) &= mask != 0 ? mask : MxcsrMaskDefault;
            *(uint*)(image + FpMxcsrMask) = mask;
            for (int i = 0; i < FpStateBytes; i++)
            {
                area[i] = image[i];
            }
        }

        process->BlockedSignals = Word(context, SignalFrame.SignalMask) & ~Unblockable;
        return (long)registers->Rax;
    }

    // Writes the frame for signal (as one copy-out: nothing is written when any page is not writable) and points the
    // registers at the handler. False when the frame cannot be written or the handler cannot run.
    private static bool PushFrame(Process* process, UserRegisters* registers, int signal, int code, int sender, ulong address, ulong trap, ulong error)
    {
        SignalAction action = process->Action(signal);
        byte* area = FpStateArea != null ? FpStateArea(registers) : null;
        ulong below = (ulong)(SignalFrame.RedZone + SignalFrame.Bytes + FpStateBytes + 128);
        if ((action.Flags & SignalAction.FlagRestorer) == 0 || action.Handler >= MemoryLayout.UserTop || registers->Rsp < below
            || registers->Rsp > MemoryLayout.UserTop)
        {
            return false;
        }

        ulong top = registers->Rsp - SignalFrame.RedZone;
        ulong fpState = 0;
        if (area != null)
        {
            top = (top - FpStateBytes) & ~63UL;
            fpState = top;
            if (UserMemory.CopyOut(process, fpState, area, FpStateBytes) != 0)
            {
                return false;
            }
        }

        ulong frame = ((top - SignalFrame.Bytes) & ~15UL) - 8;
        byte* bytes = stackalloc byte[SignalFrame.Bytes];
        for (int i = 0; i < SignalFrame.Bytes; i++)
        {
            bytes[i] = 0;
        }

        SetWord(bytes, SignalFrame.ReturnAddress, action.Restorer);
        byte* context = bytes + SignalFrame.Context;
        SetWord(context, SignalFrame.ContextFlags, SignalFrame.ContextFlagsValue);
        *(int*)(context + SignalFrame.StackFlags) = SignalFrame.StackDisabled;
        byte* machine = context + SignalFrame.Machine;
        SetWord(machine, SignalFrame.R8, registers->R8);
        SetWord(machine, SignalFrame.R9, registers->R9);
        SetWord(machine, SignalFrame.R10, registers->R10);
        SetWord(machine, SignalFrame.R11, registers->R11);
        SetWord(machine, SignalFrame.R12, registers->R12);
        SetWord(machine, SignalFrame.R13, registers->R13);
        SetWord(machine, SignalFrame.R14, registers->R14);
        SetWord(machine, SignalFrame.R15, registers->R15);
        SetWord(machine, SignalFrame.Rdi, registers->Rdi);
        SetWord(machine, SignalFrame.Rsi, registers->Rsi);
        SetWord(machine, SignalFrame.Rbp, registers->Rbp);
        SetWord(machine, SignalFrame.Rbx, registers->Rbx);
        SetWord(machine, SignalFrame.Rdx, registers->Rdx);
        SetWord(machine, SignalFrame.Rax, registers->Rax);
        SetWord(machine, SignalFrame.Rcx, registers->Rcx);
        SetWord(machine, SignalFrame.Rsp, registers->Rsp);
        SetWord(machine, SignalFrame.Rip, registers->Rip);
        SetWord(machine, SignalFrame.Rflags, registers->Rflags);
        *(ushort*)(machine + SignalFrame.Cs) = SignalFrame.UserCode;
        *(ushort*)(machine + SignalFrame.Ss) = SignalFrame.UserStack;
        SetWord(machine, SignalFrame.Error, error);
        SetWord(machine, SignalFrame.TrapNumber, trap);
        SetWord(machine, SignalFrame.OldMask, process->HasSuspendedMask ? process->SuspendedMask : process->BlockedSignals);
        SetWord(machine, SignalFrame.FaultAddress, address);
        SetWord(machine, SignalFrame.FpState, fpState);
        ulong restored = process->HasSuspendedMask ? process->SuspendedMask : process->BlockedSignals;
        SetWord(context, SignalFrame.SignalMask, restored);
        byte* info = bytes + SignalFrame.Info;
        *(int*)(info + SignalFrame.InfoSignal) = signal;
        *(int*)(info + SignalFrame.InfoCode) = code;
        if (address != 0 || trap != 0)
        {
            SetWord(info, SignalFrame.InfoAddress, address);
        }
        else
        {
            *(int*)(info + SignalFrame.InfoPid) = sender;
            *(int*)(info + SignalFrame.InfoUid) = 0;
        }

        if (UserMemory.CopyOut(process, frame, bytes, SignalFrame.Bytes) != 0)
        {
            return false;
        }

        if (area != null)
        {
            // The handler starts with a fresh FP state, as on Linux (the interrupted one is in the frame).
            uint mask = *(uint*)(area + FpMxcsrMask);
            for (int i = 0; i < FpStateBytes; i++)
            {
                area[i] = 0;
            }

            *(ushort*)(area + FpControl) = FpControlInitial;
            *(uint*)(area + FpMxcsr) = MxcsrInitial;
            *(uint*)(area + FpMxcsrMask) = mask;
        }

        registers->Rip = action.Handler;
        registers->Rsp = frame;
        registers->Rdi = (ulong)signal;
        registers->Rsi = frame + SignalFrame.Info;
        registers->Rdx = frame + SignalFrame.Context;
        registers->Rax = 0;
        registers->Rflags &= ~HandlerClearedFlags;
        ulong blocked = process->BlockedSignals | action.Mask;
        if ((action.Flags & SignalAction.FlagNoDefer) == 0)
        {
            blocked |= Bit(signal);
        }

        process->BlockedSignals = blocked & ~Unblockable;
        process->HasSuspendedMask = false; // the frame holds it now: rt_sigreturn puts it back
        if ((action.Flags & SignalAction.FlagResetHand) != 0)
        {
            action.Handler = SignalAction.Default;
            action.Flags &= ~SignalAction.FlagSigInfo;
            process->SetAction(signal, action);
        }

        return true;
    }

    private static ulong Word(byte* bytes, int offset) => *(ulong*)(bytes + offset);

    private static void SetWord(byte* bytes, int offset, ulong value) => *(ulong*)(bytes + offset) = value;
}
