// Ring 3 on x86-64: the set-up (the GDT and TSS, `syscall` through EFER.SCE, STAR, LSTAR and FMASK, the per-CPU area
// that `swapgs` makes GS point at, NX, SMEP and SMAP when CPUID has them), the C# side of the doors in
// UserModeEntry.asm and InterruptStubs.asm, what the scheduler's switch does for a user thread (its address space
// into CR3, its kernel stack into TSS.RSP0 and the per-CPU area), and ProcessMachine.SpawnUserThread.
//
// The handlers are function pointers the process layer sets at boot: SystemCallHandler gets each system call's
// UserRegisters and leaves the result in them; FaultHandler is told of a fault the address space could not resolve
// (signal, address, RIP) and must end the current process, never the kernel, unless FaultSignalHandler first set up
// the process's own handler for that signal (then the fault's frame is rewritten to run it); ReturnToUserHandler
// gets the user registers on every way back to ring 3 and may rewrite them (signal delivery). A thread with no process
// (SchedulerTask.Process null: the shell's ring3 probes, UserProbes.cs) is served by the built-in handlers
// instead, which end only that thread with a one-line message.
namespace MeghaOS.Arch.X64;

using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Scheduling;

/// <summary>Entering and leaving user mode.</summary>
internal static unsafe class UserMode
{
    /// <summary>Linux signal numbers the fault handler is given.</summary>
    internal const int SignalIllegalInstruction = 4, SignalTrap = 5, SignalBus = 7, SignalFloatingPoint = 8, SignalSegmentation = 11;

    private const uint EferMsr = 0xC0000080, StarMsr = 0xC0000081, LstarMsr = 0xC0000082, FmaskMsr = 0xC0000084;
    private const uint FsBaseMsr = 0xC0000100, GsBaseMsr = 0xC0000101, KernelGsBaseMsr = 0xC0000102;
    private const ulong EferSystemCallEnable = 1, EferNoExecuteEnable = 1 << 11;
    private const ulong Cr4Smep = 1 << 20, Cr4Smap = 1 << 21;
    private const ulong MaskedFlags = 0x40700; // TF, IF, DF, AC cleared on entry
    private const ulong PageAddressMask = 0x000F_FFFF_FFFF_F000;

    // What GS points at in the kernel: [gs:0] the running thread's kernel stack top, [gs:8] the user's RSP while the
    // system-call entry moves stacks, [gs:16] the running task.
    private struct PerCpu
    {
        public ulong KernelStackTop;
        public ulong UserStackScratch;
        public SchedulerTask* CurrentTask;
    }

    // A new user thread's start: the registers it enters with. Kept at the bottom of the thread's own kernel stack (just
    // above its guard page), which the first run copies them from while its stack is still shallow: a thread ended
    // before its first run (the kernel shell's kill of a probe) gives them back with its stack, where a heap block
    // freed only by the first run would leak.
    private struct Start
    {
        public UserRegisters Registers;
    }

    private static PerCpu s_perCpu;
    private static ulong s_kernelRoot;

    /// <summary>Handles every system call of a thread with a process (SyscallDispatcher.Dispatch at merge).</summary>
    internal static delegate*<UserRegisters*, void> SystemCallHandler;

    /// <summary>
    /// Ends the current process after an unresolved fault in user mode: (signal, address, RIP). Must not return to
    /// the faulting code (ProcessTable.EndCurrentOnFault at merge).
    /// </summary>
    internal static delegate*<int, ulong, ulong, void> FaultHandler;

    /// <summary>
    /// Runs before an interrupt returns to a thread with a process, and before a thread's first run
    /// (Signals.DeliverPending), with the user registers it may rewrite: a signal that came while the program ran,
    /// such as Ctrl-C, runs its handler or ends a program that only computes and never makes a system call.
    /// </summary>
    internal static delegate*<UserRegisters*, void> ReturnToUserHandler;

    /// <summary>
    /// Offered a fault in user mode before it ends the process (Signals.DeliverFault): (signal, address, vector, error
    /// code, registers); true when the process's handler was set up to run in the rewritten registers.
    /// </summary>
    internal static delegate*<int, ulong, ulong, ulong, UserRegisters*, bool> FaultSignalHandler;

    private const ulong UserFlagsKept = 0x240DD5, UserFlagsForced = 0x202;
    private const int RegistersBytes = 152, FpStateBytes = 512;

    // The registers (a copy) and fxsave image of the interrupt or fault whose way back runs the signal code now;
    // set and used with interrupts off.
    private static UserRegisters* s_interruptedRegisters;
    private static byte* s_interruptedFpState;

    /// <summary>True when EFER.NXE is on (user data pages are not executable).</summary>
    internal static bool HasNoExecute { get; private set; }

    /// <summary>True when CR4.SMEP is on (the kernel cannot run user code).</summary>
    internal static bool HasSmep { get; private set; }

    /// <summary>True when CR4.SMAP is on (the kernel cannot touch user pages).</summary>
    internal static bool HasSmap { get; private set; }

    /// <summary>An address in the kernel's code (the system-call entry), for the probe that jumps there from ring 3.</summary>
    internal static ulong KernelCodeAddress => SystemCallEntryAddress();

    /// <summary>The kernel's root table (CR3 at boot), what kernel tasks run in.</summary>
    internal static ulong KernelRoot => s_kernelRoot;

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_read_msr")]
    internal static extern ulong ReadMsr(uint msr);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_write_msr")]
    internal static extern void WriteMsr(uint msr, ulong value);


    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_read_cr4")]
    private static extern ulong ReadCr4();

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_write_cr4")]
    private static extern void WriteCr4(ulong value);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_cpuid_register")]
    private static extern uint Cpuid(uint leaf, uint subleaf, int register);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "syscall_entry_address")]
    private static extern ulong SystemCallEntryAddress();

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "user_enter")]
    private static extern void Enter(UserRegisters* registers);

    /// <summary>The machine table of the process layer.</summary>
    internal static ProcessMachine Operations => new ProcessMachine { SpawnUserThread = &SpawnUserThread };

    /// <summary>
    /// Sets everything up; call once at boot with interrupts off, after GlobalDescriptorTable.Initialize and before
    /// the vm subsystem.
    /// </summary>
    internal static void Initialize()
    {
        s_kernelRoot = Cpu.ReadCr3() & PageAddressMask;

        bool extended = Cpuid(0x80000000, 0, 0) >= 0x80000001;
        HasNoExecute = extended && (Cpuid(0x80000001, 0, 3) & (1u << 20)) != 0;
        bool leaf7 = Cpuid(0, 0, 0) >= 7;
        HasSmep = leaf7 && (Cpuid(7, 0, 1) & (1u << 7)) != 0;
        HasSmap = leaf7 && (Cpuid(7, 0, 1) & (1u << 20)) != 0;

        WriteMsr(EferMsr, ReadMsr(EferMsr) | EferSystemCallEnable | (HasNoExecute ? EferNoExecuteEnable : 0));
        // STAR[47:32]: syscall's CS (SS is the next selector); STAR[63:48]: the base sysret adds 8 (SS) and 16 (CS) to.
        ulong userBase = (ulong)(GlobalDescriptorTable.UserData & ~3) - 8;
        WriteMsr(StarMsr, (userBase << 48) | ((ulong)GlobalDescriptorTable.KernelCode << 32));
        WriteMsr(LstarMsr, SystemCallEntryAddress());
        WriteMsr(FmaskMsr, MaskedFlags);
        fixed (PerCpu* perCpu = &s_perCpu)
        {
            WriteMsr(GsBaseMsr, (ulong)perCpu);
        }

        WriteMsr(KernelGsBaseMsr, 0);
        ulong cr4 = ReadCr4();
        cr4 |= HasSmep ? Cr4Smep : 0;
        cr4 |= HasSmap ? Cr4Smap : 0;
        WriteCr4(cr4);
    }

    /// <summary>Loads an address space's root into CR3 (0: the kernel's) unless it is loaded already.</summary>
    internal static void LoadRoot(ulong root)
    {
        ulong target = root == 0 ? s_kernelRoot : root;
        if ((Cpu.ReadCr3() & PageAddressMask) != target)
        {
            Cpu.WriteCr3(target);
        }
    }

    /// <summary>Drops one page of <paramref name="root"/> from the TLB when that space is the loaded one.</summary>
    internal static void InvalidatePage(ulong root, ulong address)
    {
        if ((Cpu.ReadCr3() & PageAddressMask) == root)
        {
            Cpu.InvalidatePage(address);
        }
    }

    /// <summary>
    /// What the scheduler's switch does before it changes stacks: the next task's address space into CR3 (the
    /// kernel's for a kernel task) and its kernel stack top into TSS.RSP0 and the per-CPU area.
    /// </summary>
    internal static void PrepareSwitch(SchedulerTask* next)
    {
        if (s_kernelRoot == 0)
        {
            return; // not set up yet
        }

        ulong top = KernelTaskMachine.StackTop(next);
        if (top != 0)
        {
            s_perCpu.KernelStackTop = top;
            GlobalDescriptorTable.SetKernelStack(top);
        }

        s_perCpu.CurrentTask = next;
        LoadRoot(next->AddressSpaceRoot);
    }

    /// <summary>
    /// Starts a scheduler task that enters ring 3 in <paramref name="space"/> with <paramref name="registers"/>
    /// (see <see cref="ProcessMachine.SpawnUserThread"/>). The task id, or -1.
    /// </summary>
    internal static int SpawnUserThread(ReadOnlySpan<byte> name, AddressSpace space, void* process, UserRegisters* registers)
    {
        if (space.IsNull || registers == null)
        {
            return -1;
        }

        bool interrupts = Cpu.SaveAndDisableInterrupts(); // the task must not run before it knows its space and registers
        int id = Scheduler.Spawn(name, Scheduler.DefaultWeight, &StartThread, null);
        SchedulerTask* task = id < 0 ? null : Scheduler.Find(id);
        if (task != null && task->StackBase == 0)
        {
            Scheduler.Kill(id); // no stack of its own to keep the registers on (never so with KernelTaskMachine)
            task = null;
            id = -1;
        }

        if (task != null)
        {
            var start = (Start*)(task->StackBase + PhysicalAddress.FrameSize);
            start->Registers = *registers;
            task->EntryArgument = start;
            task->AddressSpaceRoot = space.Root;
            task->Process = process;
        }

        KernelTaskMachine.RestoreInterrupts(interrupts);
        return id;
    }

    // A user thread's first run (a scheduler task's entry; the switch has loaded its space and kernel stack).
    private static void StartThread(void* argument)
    {
        UserRegisters registers = ((Start*)argument)->Registers;

        // A signal that came before the first run (a kill of a child just forked, Ctrl-C) ends the process here, as it
        // would on any other way out to user mode: no interrupt return runs the check before this thread's first entry.
        if (ReturnToUserHandler != null)
        {
            ReturnToUserHandler(&registers);
        }

        Enter(&registers);
    }

    [UnmanagedCallersOnly(EntryPoint = "user_syscall_dispatch")]
    private static void DispatchSystemCall(UserRegisters* registers)
    {
        SchedulerTask* task = Scheduler.Current;
        if (task->Process != null && SystemCallHandler != null)
        {
            SystemCallHandler(registers);
        }
        else
        {
            UserProbes.SystemCall(registers);
        }

        // A handler may have set any RIP: one that is not canonical would fault in the kernel's iretq.
        if (registers->Rip >= UserPageTables.UserEnd && registers->Rip < 0xFFFF_8000_0000_0000)
        {
            Cpu.DisableInterrupts();
            EndOnFault(SignalSegmentation, registers->Rip, registers->Rip);
        }
    }

    /// <summary>
    /// An exception in ring 3 (from the interrupt dispatcher, interrupts off): a page fault the address space can
    /// resolve (a demand-zero page) returns so the program retries; anything else ends the thread's process.
    /// </summary>
    internal static void OnException(InterruptFrame* frame)
    {
        ulong address = frame->Rip;
        int signal;
        switch ((CpuException)frame->Vector)
        {
            case CpuException.PageFault:
                address = Cpu.ReadCr2();
                bool write = (frame->ErrorCode & 2) != 0;
                bool notPresent = (frame->ErrorCode & 1) == 0;
                if (notPresent && AddressSpaces.HandleFault(new AddressSpace(Scheduler.Current->AddressSpaceRoot), address, write))
                {
                    return;
                }

                signal = SignalSegmentation;
                break;
            case CpuException.DivideError:
            case CpuException.X87FloatingPoint:
            case CpuException.SimdFloatingPoint:
                signal = SignalFloatingPoint;
                break;
            case CpuException.InvalidOpcode:
                signal = SignalIllegalInstruction;
                break;
            case CpuException.Debug:
            case CpuException.Breakpoint:
                signal = SignalTrap;
                break;
            case CpuException.AlignmentCheck:
            case CpuException.StackSegmentFault:
            case CpuException.SegmentNotPresent:
                signal = SignalBus;
                break;
            default:
                signal = SignalSegmentation;
                break;
        }

        UserProbes.NoteFault(frame->Vector, frame->ErrorCode);
        if (Scheduler.Current->Process != null && FaultSignalHandler != null)
        {
            UserRegisters registers = FromFrame(frame);
            registers.FsBase = ReadFsBase();
            EnterInterrupted(&registers, frame);
            bool delivered = FaultSignalHandler(signal, address, frame->Vector, frame->ErrorCode, &registers);
            EnterInterrupted(null, null);
            if (delivered)
            {
                ToFrame(&registers, frame);
                return;
            }
        }

        EndOnFault(signal, address, frame->Rip);
    }

    /// <summary>
    /// The way back to ring 3 of an interrupt (interrupts off): ReturnToUserHandler sees the interrupted registers and
    /// may rewrite them (a signal handler to run), which then go back into the frame iretq returns through.
    /// </summary>
    internal static void ReturnFromInterrupt(InterruptFrame* frame, ulong fsBase)
    {
        if (ReturnToUserHandler == null)
        {
            return;
        }

        UserRegisters registers = FromFrame(frame);
        registers.FsBase = fsBase;
        EnterInterrupted(&registers, frame);
        ReturnToUserHandler(&registers);
        EnterInterrupted(null, null);
        ToFrame(&registers, frame);
    }

    /// <summary>
    /// The fxsave image the kernel entry saved for the program whose registers these are (Signals.FpStateArea), or
    /// null: a system call's registers sit at the top of the thread's kernel stack with the image below them
    /// (UserModeEntry.asm), an interrupt's are the copy made for the signal code (InterruptStubs.asm saved the image
    /// below its frame); a thread's first run has none.
    /// </summary>
    internal static byte* FpStateOf(UserRegisters* registers)
    {
        if (registers != null && registers == s_interruptedRegisters)
        {
            return s_interruptedFpState;
        }

        ulong top = s_perCpu.KernelStackTop;
        return top != 0 && (ulong)registers == top - RegistersBytes ? (byte*)(((ulong)registers - FpStateBytes) & ~15UL) : null;
    }

    private static void EnterInterrupted(UserRegisters* registers, InterruptFrame* frame)
    {
        s_interruptedRegisters = registers;
        s_interruptedFpState = frame == null ? null : (byte*)(((ulong)frame - FpStateBytes) & ~15UL);
    }

    private static UserRegisters FromFrame(InterruptFrame* frame) => new UserRegisters
    {
        Rax = frame->Rax, Rbx = frame->Rbx, Rcx = frame->Rcx, Rdx = frame->Rdx, Rsi = frame->Rsi, Rdi = frame->Rdi,
        Rbp = frame->Rbp, R8 = frame->R8, R9 = frame->R9, R10 = frame->R10, R11 = frame->R11, R12 = frame->R12,
        R13 = frame->R13, R14 = frame->R14, R15 = frame->R15, Rip = frame->Rip, Rflags = frame->Rflags, Rsp = frame->Rsp,
    };

    // Back into the frame, always as ring 3 with clean flags; a RIP outside the user half (which iretq would fault on
    // in the kernel) ends the process instead.
    private static void ToFrame(UserRegisters* registers, InterruptFrame* frame)
    {
        if (registers->Rip >= UserPageTables.UserEnd)
        {
            EndOnFault(SignalSegmentation, registers->Rip, registers->Rip);
        }

        frame->Rax = registers->Rax;
        frame->Rbx = registers->Rbx;
        frame->Rcx = registers->Rcx;
        frame->Rdx = registers->Rdx;
        frame->Rsi = registers->Rsi;
        frame->Rdi = registers->Rdi;
        frame->Rbp = registers->Rbp;
        frame->R8 = registers->R8;
        frame->R9 = registers->R9;
        frame->R10 = registers->R10;
        frame->R11 = registers->R11;
        frame->R12 = registers->R12;
        frame->R13 = registers->R13;
        frame->R14 = registers->R14;
        frame->R15 = registers->R15;
        frame->Rip = registers->Rip;
        frame->Rsp = registers->Rsp;
        frame->Rflags = (registers->Rflags & UserFlagsKept) | UserFlagsForced;
        frame->Cs = GlobalDescriptorTable.UserCode;
        frame->Ss = GlobalDescriptorTable.UserData;
    }

    // Never returns: the process (or, for a probe, the thread) ends.
    private static void EndOnFault(int signal, ulong address, ulong rip)
    {
        if (Scheduler.Current->Process != null && FaultHandler != null)
        {
            FaultHandler(signal, address, rip);
        }

        UserProbes.EndOnFault(signal, address, rip);
    }

    /// <summary>The FS base of the interrupted program (saved around an interrupt from ring 3, which may switch tasks).</summary>
    internal static ulong ReadFsBase() => ReadMsr(FsBaseMsr);

    /// <summary>Restores the FS base before returning to the interrupted program.</summary>
    internal static void WriteFsBase(ulong value) => WriteMsr(FsBaseMsr, value);
}
