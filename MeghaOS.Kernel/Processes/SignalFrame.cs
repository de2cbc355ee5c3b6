// The signal frame a handler finds on its stack, laid out as Linux x86-64's struct rt_sigframe so that unmodified
// musl programs (their ucontext_t, __restore_rt) read and return through it. Offsets checked against the Linux UAPI
// headers (asm/sigcontext.h struct sigcontext, asm-generic/ucontext.h struct ucontext) with offsetof:
//   rt_sigframe: pretcode 0, uc 8 (struct ucontext, 304 bytes), info 312 (siginfo_t, 128 bytes); 440 bytes in all.
//   ucontext: uc_flags 0, uc_link 8, uc_stack 16 (ss_sp, ss_flags, ss_size), uc_mcontext 40 (struct sigcontext,
//   256 bytes), uc_sigmask 296 (8 bytes, the kernel's sigset_t).
//   sigcontext: r8..r15 0..56, rdi 64, rsi 72, rbp 80, rbx 88, rdx 96, rax 104, rcx 112, rsp 120, rip 128,
//   eflags 136, cs 144, gs 146, fs 148, ss 150 (16 bits each), err 152, trapno 160, oldmask 168, cr2 176,
//   fpstate 184 (the fxsave image above the frame, or 0 where there is none), reserved 192..255.
//   siginfo_t: si_signo 0, si_errno 4, si_code 8, si_pid 16, si_uid 20 (kill), si_addr 16 (faults).
namespace MeghaOS.Processes;

/// <summary>Byte offsets of the signal frame (Linux x86-64 struct rt_sigframe).</summary>
public static class SignalFrame
{
    /// <summary>The whole frame.</summary>
    public const int Bytes = 440;

    /// <summary>pretcode: the handler's return address (sa_restorer).</summary>
    public const int ReturnAddress = 0;

    /// <summary>struct ucontext.</summary>
    public const int Context = 8;

    /// <summary>siginfo_t.</summary>
    public const int Info = 312;

    /// <summary>Bytes of the ucontext (up to and including uc_sigmask).</summary>
    public const int ContextBytes = 304;

    /// <summary>uc_flags, uc_link, uc_stack.ss_flags: offsets in the ucontext.</summary>
    public const int ContextFlags = 0, ContextLink = 8, StackPointer = 16, StackFlags = 24, StackSize = 32;

    /// <summary>uc_mcontext (struct sigcontext) in the ucontext.</summary>
    public const int Machine = 40;

    /// <summary>uc_sigmask in the ucontext.</summary>
    public const int SignalMask = 296;

    /// <summary>sigcontext register offsets (from <see cref="Machine"/>).</summary>
    public const int R8 = 0, R9 = 8, R10 = 16, R11 = 24, R12 = 32, R13 = 40, R14 = 48, R15 = 56, Rdi = 64, Rsi = 72,
        Rbp = 80, Rbx = 88, Rdx = 96, Rax = 104, Rcx = 112, Rsp = 120, Rip = 128, Rflags = 136, Cs = 144, Gs = 146,
        Fs = 148, Ss = 150, Error = 152, TrapNumber = 160, OldMask = 168, FaultAddress = 176, FpState = 184;

    /// <summary>siginfo_t offsets (from <see cref="Info"/>).</summary>
    public const int InfoSignal = 0, InfoErrno = 4, InfoCode = 8, InfoPid = 16, InfoUid = 20, InfoAddress = 16;

    /// <summary>uc_flags MeghaOS sets: UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS (ss is saved and restored).</summary>
    public const ulong ContextFlagsValue = 0x6;

    /// <summary>SS_DISABLE: no alternate signal stack.</summary>
    public const int StackDisabled = 2;

    /// <summary>Bytes below the interrupted RSP that the frame skips (the x86-64 ABI's red zone).</summary>
    public const int RedZone = 128;

    /// <summary>si_code of a signal sent by kill (SI_USER).</summary>
    public const int CodeUser = 0;

    /// <summary>si_code of a signal the kernel sent (SI_KERNEL: Ctrl-C, the kernel shell's kill).</summary>
    public const int CodeKernel = 0x80;

    /// <summary>si_code of a SIGSEGV for an address not mapped (SEGV_MAPERR).</summary>
    public const int CodeMapError = 1;

    /// <summary>User code and stack selectors (GDT: user data 0x18, user code 0x20, RPL 3).</summary>
    public const ushort UserCode = 0x23, UserStack = 0x1B;
}
