// Signal delivery (Processes/Signals.cs): rt_sigaction keeps and returns whole actions, rt_sigprocmask's blocked
// mask, the frame pushed for a handler checked byte for byte against Linux x86-64's struct rt_sigframe (offsets from
// the UAPI headers asm/sigcontext.h and asm-generic/ucontext.h: uc 8, info 312; in the ucontext uc_mcontext 40,
// uc_sigmask 296; in the sigcontext rdi 64, rsp 120, rip 128, eflags 136, cs 144, ss 150, err 152, trapno 160,
// oldmask 168, cr2 176, fpstate 184; in siginfo si_code 8, si_pid 16), rt_sigreturn and its checks of a forged frame,
// EINTR, and faults handed to a handler.
namespace MeghaOS.Tests.Processes;

using System;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SignalDeliveryTests : IDisposable
{
    private const ulong Action = ProcessHarness.DataBase + 0x1000;
    private const ulong Old = ProcessHarness.DataBase + 0x1100;
    private const ulong Stack = ProcessHarness.DataBase + 0x4000;
    private const ulong Handler = 0x5000, Restorer = 0x6000, InterruptedRip = 0x1234;
    private const int User1 = 10, User2 = 12;
    private readonly ProcessHarness _h = new ProcessHarness();
    private readonly Process* _process;

    public SignalDeliveryTests() => _process = _h.StartProcess("signals");

    public void Dispose() => _h.Dispose();

    private static ulong Bit(int signal) => 1UL << (signal - 1);

    private long SetAction(int signal, ulong handler, ulong flags = SignalAction.FlagRestorer, ulong restorer = Restorer, ulong mask = 0)
    {
        _h.Poke(Action, BitConverter.GetBytes(handler));
        _h.Poke(Action + 8, BitConverter.GetBytes(flags));
        _h.Poke(Action + 16, BitConverter.GetBytes(restorer));
        _h.Poke(Action + 24, BitConverter.GetBytes(mask));
        return _h.Call(13, (ulong)signal, Action, 0, 8);
    }

    // A system call with every register given distinct values, as the syscall entry saves them.
    private UserRegisters Run(long number, ulong a0 = 0, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0x80, ulong rsp = Stack)
    {
        UserRegisters registers = new UserRegisters
        {
            Rax = (ulong)number, Rdi = a0, Rsi = a1, Rdx = a2, R10 = a3, Rbx = 0xB0, Rcx = InterruptedRip, Rbp = 0xB1,
            R8 = a4, R9 = 0x90, R11 = 0x246, R12 = 0x120, R13 = 0x130, R14 = 0x140, R15 = 0x150,
            Rip = InterruptedRip, Rflags = 0x246 | 0x400, Rsp = rsp,
        };
        SyscallDispatcher.Dispatch(&registers);
        return registers;
    }

    private UserRegisters KillSelf(int signal) => Run(62, (ulong)_process->Id, (ulong)signal);

    [Fact]
    public void SigactionKeepsTheWholeActionAndReturnsItExactly()
    {
        Assert.Equal(0, SetAction(User1, Handler, SignalAction.FlagRestorer | SignalAction.FlagSigInfo | SignalAction.FlagNoDefer, Restorer, Bit(User2) | Bit(9)));
        Assert.Equal(0, _h.Call(13, User1, 0, Old, 8));
        Assert.Equal(Handler, _h.PeekUInt64(Old));
        Assert.Equal(SignalAction.FlagRestorer | SignalAction.FlagSigInfo | SignalAction.FlagNoDefer, _h.PeekUInt64(Old + 8));
        Assert.Equal(Restorer, _h.PeekUInt64(Old + 16));
        Assert.Equal(Bit(User2), _h.PeekUInt64(Old + 24)); // SIGKILL is never in a mask
        Assert.Equal(0, SetAction(User1, SignalAction.Ignore, 0, 0));
        Assert.Equal(0, _h.Call(13, User1, 0, Old, 8));
        Assert.Equal(SignalAction.Ignore, _h.PeekUInt64(Old));
        Assert.Equal(-Errno.EINVAL, SetAction(Signals.Stop, Handler));
        Assert.Equal(-Errno.EINVAL, SetAction(65, Handler));
        Assert.Equal(-Errno.EFAULT, _h.Call(13, User1, 0, 0x10, 8));
    }

    [Fact]
    public void SigprocmaskBlocksUnblocksAndNeverBlocksKillOrStop()
    {
        _h.Poke(Action, BitConverter.GetBytes(Bit(User1) | Bit(9) | Bit(19)));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.Block, Action, Old, 8));
        Assert.Equal(0UL, _h.PeekUInt64(Old));
        Assert.Equal(Bit(User1), _process->BlockedSignals);
        _h.Poke(Action, BitConverter.GetBytes(Bit(User2)));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.Block, Action, 0, 8));
        _h.Poke(Action, BitConverter.GetBytes(Bit(User1)));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.Unblock, Action, Old, 8));
        Assert.Equal(Bit(User1) | Bit(User2), _h.PeekUInt64(Old));
        Assert.Equal(Bit(User2), _process->BlockedSignals);
        _h.Poke(Action, BitConverter.GetBytes(ulong.MaxValue));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.SetMask, Action, 0, 8));
        Assert.Equal(~Signals.Unblockable, _process->BlockedSignals);
        Assert.Equal(-Errno.EINVAL, _h.Call(14, 3, Action, 0, 8));
        Assert.Equal(0, _h.Call(14, 3, 0, Old, 8)); // how is only looked at with a set
        Assert.Equal(~Signals.Unblockable, _h.PeekUInt64(Old));
    }

    [Fact]
    public void AHandledKillPushesALinuxFrameAndSigreturnRestoresEverything()
    {
        Assert.Equal(0, SetAction(User1, Handler, SignalAction.FlagRestorer | SignalAction.FlagSigInfo, Restorer, Bit(User2)));
        UserRegisters entry = KillSelf(User1);

        ulong frame = ((Stack - 128 - 440) & ~15UL) - 8;
        Assert.Equal(frame, entry.Rsp);
        Assert.Equal(0UL, (entry.Rsp + 8) % 16);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal((ulong)User1, entry.Rdi);
        Assert.Equal(frame + 312, entry.Rsi);
        Assert.Equal(frame + 8, entry.Rdx);
        Assert.Equal(0UL, entry.Rflags & 0x400); // DF clear in the handler
        Assert.Equal(Bit(User1) | Bit(User2), _process->BlockedSignals);
        Assert.Equal(0UL, _process->PendingSignals);
        Assert.Equal(ProcessState.Alive, _process->State);

        Assert.Equal(Restorer, _h.PeekUInt64(frame));
        ulong uc = frame + 8, mc = uc + 40, info = frame + 312;
        Assert.Equal(0UL, _h.PeekUInt64(uc + 296)); // uc_sigmask: the mask before
        Assert.Equal(0x80UL, _h.PeekUInt64(mc + 0)); // r8
        Assert.Equal(0x150UL, _h.PeekUInt64(mc + 56)); // r15
        Assert.Equal((ulong)_process->Id, _h.PeekUInt64(mc + 64)); // rdi: kill's first argument
        Assert.Equal(0xB1UL, _h.PeekUInt64(mc + 80)); // rbp
        Assert.Equal(0xB0UL, _h.PeekUInt64(mc + 88)); // rbx
        Assert.Equal(0UL, _h.PeekUInt64(mc + 104)); // rax: kill's result
        Assert.Equal(Stack, _h.PeekUInt64(mc + 120)); // rsp
        Assert.Equal(InterruptedRip, _h.PeekUInt64(mc + 128)); // rip
        Assert.Equal(0x646UL, _h.PeekUInt64(mc + 136)); // eflags
        Assert.Equal((ushort)0x23, BitConverter.ToUInt16(_h.Peek(mc + 144, 2)));
        Assert.Equal((ushort)0x1B, BitConverter.ToUInt16(_h.Peek(mc + 150, 2)));
        Assert.Equal(0UL, _h.PeekUInt64(mc + 184)); // fpstate: NULL
        Assert.Equal(User1, _h.PeekInt32(info));
        Assert.Equal(0, _h.PeekInt32(info + 8)); // SI_USER
        Assert.Equal(_process->Id, _h.PeekInt32(info + 16)); // si_pid

        // The handler returns to __restore_rt, whose ret popped the frame's return address: rsp = frame + 8.
        UserRegisters back = Run(15, rsp: frame + 8);
        Assert.Equal(InterruptedRip, back.Rip);
        Assert.Equal(Stack, back.Rsp);
        Assert.Equal(0UL, back.Rax);
        Assert.Equal((ulong)_process->Id, back.Rdi);
        Assert.Equal(0x646UL, back.Rflags);
        Assert.Equal(0x150UL, back.R15);
        Assert.Equal(InterruptedRip, back.Rcx);
        Assert.Equal(0UL, _process->BlockedSignals);
        Assert.Equal(ProcessState.Alive, _process->State);
    }

    [Theory]
    [InlineData(144, 0x08)] // CS of ring 0
    [InlineData(144, 0x20)] // user code with RPL 0
    [InlineData(150, 0x10)] // SS of ring 0
    [InlineData(128, 0xFFFF_8000_0000_1000)] // a kernel RIP
    [InlineData(128, 0x0000_8000_0000_0000)] // a RIP that is not canonical
    public void AForgedFrameEndsTheProcessWithSigsegv(int offset, ulong value)
    {
        Assert.Equal(0, SetAction(User1, Handler));
        UserRegisters entry = KillSelf(User1);
        ulong mc = entry.Rsp + 8 + 40;
        _h.Poke(mc + (ulong)offset, offset == 128 ? BitConverter.GetBytes(value) : BitConverter.GetBytes((ushort)value));
        CapturingTerminal.Take();
        Run(15, rsp: entry.Rsp + 8);
        Assert.Equal(ProcessState.Zombie, _process->State);
        Assert.Equal(Signals.Segmentation, _process->WaitStatus);
        Assert.Equal(1, _h.ThreadExits);
    }

    [Fact]
    public void SigreturnWithAnUnreadableFrameEndsTheProcess()
    {
        CapturingTerminal.Take();
        Run(15, rsp: 0x10);
        Assert.Equal(ProcessState.Zombie, _process->State);
        Assert.Equal(Signals.Segmentation, _process->WaitStatus);
    }

    [Fact]
    public void ABlockedSignalWaitsAndUnblockingDeliversItOnce()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        _h.Poke(Action + 64, BitConverter.GetBytes(Bit(User1)));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.Block, Action + 64, 0, 8));
        _h.InterruptedThreads.Clear();
        UserRegisters after = KillSelf(User1);
        KillSelf(User1); // a second instance while pending merges with the first
        Assert.Equal(InterruptedRip, after.Rip);
        Assert.Empty(_h.InterruptedThreads); // a blocked signal wakes no one
        Assert.Equal(Bit(User1), _process->PendingSignals);
        Assert.False(ProcessTable.CurrentHasPendingSignal());

        UserRegisters entry = Run(14, SysRtSigprocmask.Unblock, Action + 64, 0, 8);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal(0UL, _process->PendingSignals);
        Assert.Equal(0UL, _h.PeekUInt64(entry.Rsp + 8 + 40 + 104)); // the interrupted rax: sigprocmask's 0
        Assert.Equal(0UL, _h.PeekUInt64(entry.Rsp + 8 + 296)); // uc_sigmask: the mask sigprocmask had just set

        UserRegisters back = Run(15, rsp: entry.Rsp + 8);
        Assert.Equal(InterruptedRip, back.Rip);
        Assert.Equal(0UL, _process->PendingSignals); // delivered once
        Assert.Equal(ProcessState.Alive, _process->State);
    }

    [Fact]
    public void AHandledSignalInterruptsABlockingCallWithEintr()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        Assert.Equal(0, _h.Call(22, Action));
        ulong reader = (ulong)_h.PeekInt32(Action);
        Process* process = _process;
        _h.OnBlock = () => ProcessTable.Kill(process->Id, User1);
        UserRegisters entry = Run(0, reader, Old, 10);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal(-Errno.EINTR, (long)_h.PeekUInt64(entry.Rsp + 8 + 40 + 104));
        Assert.Equal(ProcessState.Alive, process->State);
        Assert.Equal(0, _h.ThreadExits);
    }

    [Fact]
    public void IgnoredSignalsAreThrownAwayAndDefaultIgnoredOnesDoNotEnd()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        _h.Poke(Action + 64, BitConverter.GetBytes(Bit(User1)));
        Assert.Equal(0, _h.Call(14, SysRtSigprocmask.Block, Action + 64, 0, 8));
        KillSelf(User1);
        Assert.Equal(Bit(User1), _process->PendingSignals);
        Assert.Equal(0, SetAction(User1, SignalAction.Ignore, 0, 0));
        Assert.Equal(0UL, _process->PendingSignals); // SIG_IGN throws the pending one away
        KillSelf(17); // SIGCHLD's default is to ignore
        KillSelf(User1);
        Assert.Equal(0UL, _process->PendingSignals);
        Assert.Equal(ProcessState.Alive, _process->State);
    }

    [Fact]
    public void ResetHandAndNoDefer()
    {
        Assert.Equal(0, SetAction(User1, Handler, SignalAction.FlagRestorer | SignalAction.FlagResetHand | SignalAction.FlagNoDefer));
        UserRegisters entry = KillSelf(User1);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal(0UL, _process->BlockedSignals); // SA_NODEFER: not blocked in its handler
        Assert.Equal(SignalAction.Default, _process->Action(User1).Handler);
        KillSelf(User1); // back to SIG_DFL: ends the process
        Assert.Equal(ProcessState.Zombie, _process->State);
        Assert.Equal(User1, _process->WaitStatus);
    }

    [Theory]
    [InlineData(0x10UL, SignalAction.FlagRestorer, Handler)] // no stack there
    [InlineData(Stack, 0UL, Handler)] // no SA_RESTORER: nowhere to return
    [InlineData(Stack, SignalAction.FlagRestorer, 0xFFFF_8000_0000_0000UL)] // a handler in the kernel half
    public void AFrameThatCannotBeMadeEndsTheProcessWithSigsegv(ulong rsp, ulong flags, ulong handler)
    {
        Assert.Equal(0, SetAction(User1, handler, flags));
        CapturingTerminal.Take();
        Run(62, (ulong)_process->Id, User1, rsp: rsp);
        Assert.Equal(ProcessState.Zombie, _process->State);
        Assert.Equal(Signals.Segmentation, _process->WaitStatus);
    }

    [Fact]
    public void AFaultWithAHandlerRunsItWithTheAddress()
    {
        UserRegisters registers = new UserRegisters { Rip = 0x2000, Rsp = Stack, Rflags = 0x202, Rax = 7 };
        Assert.False(Signals.DeliverFault(Signals.Segmentation, 0, 14, 6, &registers)); // no handler: the caller ends it
        Assert.Equal(0, SetAction(Signals.Segmentation, Handler));
        Assert.True(Signals.DeliverFault(Signals.Segmentation, 0x42, 14, 6, &registers));
        Assert.Equal(Handler, registers.Rip);
        ulong frame = registers.Rsp, mc = frame + 8 + 40, info = frame + 312;
        Assert.Equal(0x2000UL, _h.PeekUInt64(mc + 128));
        Assert.Equal(7UL, _h.PeekUInt64(mc + 104));
        Assert.Equal(6UL, _h.PeekUInt64(mc + 152)); // err
        Assert.Equal(14UL, _h.PeekUInt64(mc + 160)); // trapno
        Assert.Equal(0x42UL, _h.PeekUInt64(mc + 176)); // cr2
        Assert.Equal(Signals.Segmentation, _h.PeekInt32(info));
        Assert.Equal(1, _h.PeekInt32(info + 8)); // SEGV_MAPERR
        Assert.Equal(0x42UL, _h.PeekUInt64(info + 16)); // si_addr

        // A fault inside the handler, SIGSEGV now blocked: the process must end.
        Assert.False(Signals.DeliverFault(Signals.Segmentation, 0x43, 14, 6, &registers));
        UserRegisters badStack = new UserRegisters { Rip = 0x2000, Rsp = 0x10 };
        _process->BlockedSignals = 0;
        Assert.False(Signals.DeliverFault(Signals.Segmentation, 0x44, 14, 6, &badStack));
    }

    // rt_sigsuspend waits with its own mask; the handler's frame records the mask from before, which rt_sigreturn
    // puts back.
    [Fact]
    public void SigsuspendWaitsWithItsMaskAndTheFrameRestoresTheOldOne()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        _process->BlockedSignals = Bit(User1) | Bit(User2);
        _h.Poke(Action + 64, BitConverter.GetBytes(Bit(User2)));
        Process* process = _process;
        int blocks = 0;
        _h.OnBlock = () =>
        {
            blocks++;
            Assert.Equal(Bit(User2), process->BlockedSignals); // waiting with the given mask
            ProcessTable.Kill(process->Id, User1);
        };
        UserRegisters entry = Run(130, Action + 64, 8);
        Assert.Equal(1, blocks);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal(-Errno.EINTR, (long)_h.PeekUInt64(entry.Rsp + 8 + 40 + 104));
        Assert.Equal(Bit(User1) | Bit(User2), _h.PeekUInt64(entry.Rsp + 8 + 296)); // uc_sigmask: the mask from before
        Assert.Equal(Bit(User1) | Bit(User2), _process->BlockedSignals); // in the handler: sigsuspend's mask + the signal
        Run(15, rsp: entry.Rsp + 8);
        Assert.Equal(Bit(User1) | Bit(User2), _process->BlockedSignals);
        Assert.False(_process->HasSuspendedMask);
        Assert.Equal(-Errno.EINVAL, _h.Call(130, Action + 64, 16));
        Assert.Equal(-Errno.EFAULT, _h.Call(130, 0x10, 8));
    }

    // ppoll's mask is the blocked mask while it waits: put back at once on a normal return, by the handler's frame
    // when a signal ends the wait.
    [Fact]
    public void PpollWaitsWithItsMask()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        _process->BlockedSignals = Bit(User1);
        _h.Poke(Action + 64, BitConverter.GetBytes(Bit(User2)));
        _h.Poke(Action + 80, new byte[16]); // a zero timeout: no wait
        Assert.Equal(0, _h.Call(271, 0, 0, Action + 80, Action + 64, 8));
        Assert.Equal(Bit(User1), _process->BlockedSignals);
        Assert.False(_process->HasSuspendedMask);

        Process* process = _process;
        _h.OnBlock = () =>
        {
            Assert.Equal(Bit(User2), process->BlockedSignals);
            ProcessTable.Kill(process->Id, User1);
        };
        UserRegisters entry = Run(271, 0, 0, 0, Action + 64, 8);
        Assert.Equal(Handler, entry.Rip);
        Assert.Equal(Bit(User1), _h.PeekUInt64(entry.Rsp + 8 + 296));
        Run(15, rsp: entry.Rsp + 8);
        Assert.Equal(Bit(User1), _process->BlockedSignals);
    }

    [Fact]
    public void TkillTgkillAndSigpending()
    {
        Assert.Equal(0, SetAction(User1, Handler));
        Assert.Equal(Handler, Run(200, (ulong)_process->Id, User1).Rip);
        _process->BlockedSignals = 0;
        Assert.Equal(Handler, Run(234, (ulong)_process->Id, (ulong)_process->Id, User1).Rip);
        _process->BlockedSignals = 0;
        Assert.Equal(-Errno.ESRCH, _h.Call(234, (ulong)_process->Id, (ulong)_process->Id + 1, User1));
        Assert.Equal(-Errno.EINVAL, _h.Call(200, 0, User1));
        _process->BlockedSignals = Bit(User2);
        Assert.Equal(0, _h.Call(200, (ulong)_process->Id, User2));
        Assert.Equal(0, _h.Call(127, Old, 8));
        Assert.Equal(Bit(User2), _h.PeekUInt64(Old));
        Assert.Equal(-Errno.EINVAL, _h.Call(127, Old, 4));
    }

    // Allocated once and never freed, so no other test can ever reach freed memory through the hook.
    private static readonly byte* s_fpArea = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(512, 16);

    private static byte* TestFpArea(UserRegisters* registers) => s_fpArea;

    // With an FP image from the architecture: it goes above the frame (64-byte aligned, fpstate points at it), the
    // handler starts with a fresh one, and rt_sigreturn loads the frame's back with MXCSR cut to the supported bits.
    [Fact]
    public void TheFpStateIsSavedInTheFrameAndRestoredBySigreturn()
    {
        byte[] saved = new byte[512];
        for (int i = 0; i < saved.Length; i++)
        {
            saved[i] = (byte)(i * 7);
        }

        BitConverter.GetBytes(0x7F80u).CopyTo(saved, 24); // MXCSR: round toward zero
        BitConverter.GetBytes(0xFFFFu).CopyTo(saved, 28); // MXCSR_MASK
        try
        {
            saved.CopyTo(new Span<byte>(s_fpArea, 512));
            Signals.FpStateArea = &TestFpArea;
            Assert.Equal(0, SetAction(User1, Handler));
            UserRegisters entry = KillSelf(User1);
            Assert.Equal(Handler, entry.Rip);
            ulong fpState = _h.PeekUInt64(entry.Rsp + 8 + 40 + 184);
            Assert.Equal(0UL, fpState % 64);
            Assert.True(fpState >= entry.Rsp + 440 && fpState + 512 <= Stack - 128);
            Assert.Equal(saved, _h.Peek(fpState, 512));
            Assert.Equal((ushort)0x37F, *(ushort*)s_fpArea);
            Assert.Equal(0x1F80u, *(uint*)(s_fpArea + 24));
            Assert.Equal(0u, *(uint*)(s_fpArea + 160)); // xmm0 cleared for the handler

            _h.Poke(fpState + 24, BitConverter.GetBytes(0xFFFF_FFFFu)); // a forged MXCSR would fault fxrstor
            UserRegisters back = Run(15, rsp: entry.Rsp + 8);
            Assert.Equal(InterruptedRip, back.Rip);
            Assert.Equal(0xFFFFu, *(uint*)(s_fpArea + 24));
            Assert.Equal(saved[160], s_fpArea[160]);
            Assert.Equal(ProcessState.Alive, _process->State);
        }
        finally
        {
            Signals.FpStateArea = null;
        }
    }
}
