// The life of processes: fork copies the space and the descriptors and starts the child with Rax 0; exit gives
// everything back (the PAB after equals the PAB before); zombies wait for wait4 (status, WNOHANG, ECHILD); orphans go
// to init, or are freed when there is none; the process limit gives EAGAIN; kill, Ctrl-C, a fault; /sys/processes.
namespace MeghaOS.Tests.Processes;

using System;
using System.Linq;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ProcessLifecycleTests : IDisposable
{
    private const ulong Status = ProcessHarness.DataBase + 0x100;
    private readonly ProcessHarness _h = new ProcessHarness(limit: 6);

    public void Dispose() => _h.Dispose();

    private Process* Fork(Process* parent)
    {
        _h.Current = parent;
        long pid = _h.Call(57);
        Assert.True(pid > 0, "fork failed: " + pid);
        return ProcessTable.Find((int)pid);
    }

    private void Exit(Process* process, int code)
    {
        _h.Current = process;
        _h.Call(60, (ulong)code);
    }

    [Fact]
    public void ForkCopiesMemoryDescriptorsAndRegisters()
    {
        Process* parent = _h.StartProcess("parent");
        _h.Poke(ProcessHarness.DataBase, Encoding.ASCII.GetBytes("shared?"));
        long pid = _h.Call(57);
        Process* child = ProcessTable.Find((int)pid);
        Assert.Equal(parent->Id, child->ParentId);
        Assert.Equal("parent", Encoding.ASCII.GetString(child->NameText));
        ProcessHarness.Thread thread = _h.Threads.Last();
        Assert.Equal(0UL, thread.Registers.Rax);
        Assert.Equal(0x1234UL, thread.Registers.Rip);
        Assert.Equal(child->Space.Root, thread.Root);
        Assert.Equal((IntPtr)child, thread.Process);
        Assert.NotEqual(parent->Space.Root, child->Space.Root);

        // The child's memory is a copy: a write in one is not seen in the other.
        _h.Poke(ProcessHarness.DataBase, Encoding.ASCII.GetBytes("parent!"));
        _h.Current = child;
        Assert.Equal("shared?", Encoding.ASCII.GetString(_h.Peek(ProcessHarness.DataBase, 7)));
        Assert.Equal(child->Files[1], parent->Files[1]);
    }

    [Fact]
    public void CloneWithGlibcsForkFlagsStoresTheChildsIdInBothMemories()
    {
        // glibc's fork: clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, 0, &tid, 0); busybox's pipes
        // need it. The child's id lands in the child's copy of the word, the parent's copy is untouched; with
        // CLONE_PARENT_SETTID it lands in the parent's.
        Process* parent = _h.StartProcess("parent");
        const ulong ChildTid = ProcessHarness.DataBase + 0x100, ParentTid = ProcessHarness.DataBase + 0x200;
        long pid = _h.Call(56, 0x0120_0000 | 17, 0, 0, ChildTid);
        Assert.True(pid > 0, "clone failed: " + pid);
        Process* child = ProcessTable.Find((int)pid);
        Assert.Equal(0, _h.PeekInt32(ChildTid));
        _h.Current = child;
        Assert.Equal((int)pid, _h.PeekInt32(ChildTid));

        _h.Current = parent;
        long second = _h.Call(56, 0x0010_0000 | 17, 0, ParentTid, 0);
        Assert.True(second > 0, "clone failed: " + second);
        Assert.Equal((int)second, _h.PeekInt32(ParentTid));

        // Threads stay refused.
        Assert.Equal(-Errno.EINVAL, _h.Call(56, 0x0001_0000 | 0x100 | 17, 0, 0, 0));
    }

    // A new thread can run before fork (or create) returns to its caller; if its process did not know the thread's
    // id by then, the child's execve or exit would tell the scheduler about the wrong thread, and the scheduler would
    // later load the child's freed address space into CR3 (seen in QEMU as a triple fault mid-output).
    [Fact]
    public void AThreadThatRunsBeforeForkReturnsFindsItsIdInItsProcess()
    {
        Process* parent = _h.StartProcess("parent");
        var seen = new System.Collections.Generic.List<(int Recorded, int Actual, bool InterruptsOn)>();
        _h.OnThreadStart = thread => seen.Add((_h.Current->ThreadId, thread.Id, _h.InterruptsOn));

        Process* child = Fork(parent);
        _h.StartProcess("another");

        Assert.Equal(2, seen.Count);
        Assert.All(seen, run => Assert.Equal(run.Actual, run.Recorded));
        Assert.All(seen, run => Assert.True(run.InterruptsOn));
        Assert.Equal(seen[0].Actual, child->ThreadId);
        Assert.True(_h.InterruptsOn);
    }

    // A program the kernel starts in the foreground may run, and exit, before Create returns: it was the foreground
    // before its thread could run, so its exit gave the console back instead of the foreground naming a dead pid.
    [Fact]
    public void AProgramThatExitsBeforeCreateReturnsLeavesNoForeground()
    {
        _h.OnThreadStart = thread => _h.Call(60, 0);
        Process* quick = _h.StartProcess("quick");
        Assert.Equal(ProcessState.Zombie, quick->State);
        Assert.Equal(0, ProcessTable.ForegroundId);
        Assert.False(ConsoleLineDiscipline.IsActive);
    }

    // exit from the running process: the scheduler is told the thread now runs in the kernel's space before the
    // process's space is destroyed, so no switch can bring the destroyed space back.
    [Fact]
    public void ExitTellsTheSchedulerTheKernelSpaceBeforeTheSpaceGoes()
    {
        Process* process = _h.StartProcess("leaving");
        ulong root = process->Space.Root;
        ProcessTable.Vm.Activate(ProcessTable.Vm.Context, process->Space); // what the switch to it did
        int thread = process->ThreadId;

        Exit(process, 3);

        Assert.Equal(0UL, _h.ThreadSpaces[thread]);
        Assert.Equal(root, _h.ActiveWhenThreadSpaceSet[thread]); // told while the space was still the active one
        Assert.Equal(default, FakeAddressSpace.Active);
    }

    // An ending process lets go of its thread before its slot can be reaped and reused: the thread, which has only
    // its own end left to run, never leads to the next process in that slot.
    [Fact]
    public void AnEndingProcessDetachesItsThreadBeforeItsSlotCanBeReused()
    {
        Process* parent = _h.StartProcess("parent");
        Process* child = Fork(parent);
        int thread = child->ThreadId, childId = child->Id;
        Exit(child, 0);
        Assert.Equal(new[] { (thread, false) }, _h.DetachedThreads.ToArray());
        _h.Current = parent;
        Assert.Equal(childId, _h.Call(61, ulong.MaxValue, 0, 0, 0)); // reaped: the slot is free for the next fork
        Assert.Equal(ProcessState.Unused, child->State);
    }

    [Fact]
    public void ForkAddsOneReferencePerDescriptor()
    {
        Process* parent = _h.StartProcess("parent");
        int console = parent->Files[0] - 1;
        Assert.Equal(3, OpenFileTable.Get(console)->References);
        Process* child = Fork(parent);
        Assert.Equal(6, OpenFileTable.Get(console)->References);
        Exit(child, 0);
        Assert.Equal(3, OpenFileTable.Get(console)->References);
    }

    [Fact]
    public void ALifetimeGivesEveryFrameBack()
    {
        byte[] before = ProcessHarness.Pab;
        Process* parent = _h.StartProcess("parent");
        Assert.Equal(ProcessHarness.BreakBase, (ulong)_h.Call(12, 0));
        Assert.Equal(ProcessHarness.BreakBase + 0x5000, (ulong)_h.Call(12, ProcessHarness.BreakBase + 0x5000));
        Assert.True(_h.Call(9, 0, 0x3000, 3, SyscallFlags.MapAnonymous | SyscallFlags.MapPrivate, ulong.MaxValue) > 0);
        Assert.Equal(0, _h.Call(22, ProcessHarness.DataBase));
        Process* child = Fork(parent);
        Assert.NotEqual(before, ProcessHarness.Pab);
        Exit(child, 3);
        _h.Current = parent;
        Assert.Equal(child->Id, _h.Call(61, ulong.MaxValue, Status, 0, 0));
        Assert.Equal(3 << 8, _h.PeekInt32(Status));
        int parentId = parent->Id;
        Exit(parent, 0);
        Assert.Equal(parentId, ProcessTable.WaitForKernelChild(parentId, out int status));
        Assert.Equal(0, status);
        Assert.Equal(before, ProcessHarness.Pab);
        Assert.Equal(0, FakeAddressSpace.LiveSpaces);
        Assert.Equal(0, OpenFileTable.CountInUse());
        Assert.Equal(0, OpenFileTable.PipesInUse());
        Assert.Empty(FakeAddressSpace.DestroyedWhileActive);
        Assert.Equal(0, ProcessTable.Count(ProcessState.Alive) + ProcessTable.Count(ProcessState.Zombie));
    }

    [Fact]
    public void ZombiesWaitForWait4()
    {
        Process* parent = _h.StartProcess("parent");
        Process* first = Fork(parent);
        Process* second = Fork(parent);
        int firstId = first->Id;
        _h.Current = parent;
        Assert.Equal(0, _h.Call(61, ulong.MaxValue, Status, SyscallFlags.WaitNoHang, 0));
        Exit(second, 42);
        Assert.Equal(ProcessState.Zombie, second->State);
        Assert.Equal(0UL, second->Space.Root);
        _h.Current = parent;
        Assert.Equal(-Errno.ECHILD, _h.Call(61, 9999, Status, 0, 0));
        Assert.Equal(1, ProcessTable.Count(ProcessState.Zombie));

        // Waiting for the first child blocks until it exits (the other side runs in OnBlock).
        _h.OnBlock = () => Exit(first, 7);
        _h.Current = parent;
        Assert.Equal(firstId, _h.Call(61, (ulong)firstId, Status, 0, ProcessHarness.DataBase + 0x200));
        Assert.Equal(7 << 8, _h.PeekInt32(Status));
        Assert.Equal(1, _h.Blocks);
        Assert.True(_h.Call(61, ulong.MaxValue, 0, 0, 0) > 0);
        Assert.Equal(-Errno.ECHILD, _h.Call(61, ulong.MaxValue, Status, 0, 0));
        Assert.Equal(-Errno.EINVAL, _h.Call(61, ulong.MaxValue, Status, 0x100, 0));
        Assert.Equal(-Errno.EFAULT, _h.Call(61, ulong.MaxValue, 0xFFFF_8000_0000_0000, 0, 0));
    }

    [Fact]
    public void OrphansGoToInit()
    {
        Process* init = _h.StartProcess("init");
        Assert.Equal(ProcessTable.InitId, init->Id);
        Process* middle = Fork(init);
        Process* orphan = Fork(middle);
        Process* deadOrphan = Fork(middle);
        Exit(deadOrphan, 5);
        Exit(middle, 0);
        Assert.Equal(ProcessTable.InitId, orphan->ParentId);
        Assert.Equal(ProcessTable.InitId, deadOrphan->ParentId);
        _h.Current = init;
        int reaped = 0;
        long pid;
        while ((pid = _h.Call(61, ulong.MaxValue, Status, SyscallFlags.WaitNoHang, 0)) > 0)
        {
            reaped++;
        }

        Assert.Equal(2, reaped); // middle and the dead orphan
        Assert.Equal(0, pid);
        Assert.Equal(ProcessState.Alive, orphan->State);
    }

    [Fact]
    public void WithoutInitOrphansAreFreedWhenTheyEnd()
    {
        Process* first = _h.StartProcess("first");
        Process* parent = _h.StartProcess("parent");
        Assert.NotEqual(ProcessTable.InitId, parent->Id);
        Exit(first, 0);
        ProcessTable.WaitForKernelChild(first->Id, out _);
        Process* orphan = Fork(parent);
        Process* zombie = Fork(parent);
        Exit(zombie, 1);
        Exit(parent, 0);
        Assert.Equal(ProcessState.Unused, zombie->State);
        Assert.Equal(-1, orphan->ParentId);
        Exit(orphan, 0);
        Assert.Equal(ProcessState.Unused, orphan->State);
    }

    [Fact]
    public void TheProcessLimitGivesEagainAndLeaksNothing()
    {
        Process* parent = _h.StartProcess("bomb");
        int made = 1;
        long result;
        byte[] pab = null!;
        while (true)
        {
            pab = ProcessHarness.Pab;
            _h.Current = parent;
            result = _h.Call(57);
            if (result < 0)
            {
                break;
            }

            made++;
        }

        Assert.Equal(-Errno.EAGAIN, result);
        Assert.Equal(6, made);
        Assert.Equal(pab, ProcessHarness.Pab);
    }

    [Fact]
    public void ForkWithoutAThreadLeavesNothing()
    {
        Process* parent = _h.StartProcess("parent");
        byte[] before = ProcessHarness.Pab;
        int references = OpenFileTable.Get(parent->Files[0] - 1)->References;
        _h.FailThreads = true;
        Assert.Equal(-Errno.EAGAIN, _h.Call(57));
        Assert.Equal(before, ProcessHarness.Pab);
        Assert.Equal(references, OpenFileTable.Get(parent->Files[0] - 1)->References);
        Assert.Equal(1, ProcessTable.Count(ProcessState.Alive));
    }

    [Fact]
    public void ForkWithoutFramesGivesEnomemAndLeaksNothing()
    {
        Process* parent = _h.StartProcess("parent");
        var taken = new System.Collections.Generic.List<MeghaOS.Memory.PhysicalAddress>();
        while (MeghaOS.Memory.Pmm.AllocateFrame(MeghaOS.Memory.FrameOwner.User, out MeghaOS.Memory.PhysicalAddress frame) == MeghaOS.Memory.PmmStatus.Success)
        {
            taken.Add(frame);
        }

        // Give a few back: enough for the child's root, not for its pages.
        for (int i = 0; i < 3; i++)
        {
            MeghaOS.Memory.Pmm.Deallocate(taken[^1], 1, MeghaOS.Memory.FrameOwner.User);
            taken.RemoveAt(taken.Count - 1);
        }

        byte[] before = ProcessHarness.Pab;
        _h.Current = parent;
        Assert.Equal(-Errno.ENOMEM, _h.Call(57));
        Assert.Equal(before, ProcessHarness.Pab);
        Assert.Equal(1, ProcessTable.Count(ProcessState.Alive));
        Assert.Equal(1, FakeAddressSpace.LiveSpaces);
        foreach (MeghaOS.Memory.PhysicalAddress frame in taken)
        {
            MeghaOS.Memory.Pmm.Deallocate(frame, 1, MeghaOS.Memory.FrameOwner.User);
        }
    }

    // kill never ends another process's thread from outside (it may be preempted inside a system call): the signal
    // becomes pending, a blocked target is woken, and the target ends the next time it leaves the kernel.
    [Fact]
    public void KillMakesTheSignalPendingAndTheTargetEndsOnItsWayOut()
    {
        Process* parent = _h.StartProcess("parent");
        Process* child = Fork(parent);
        int thread = child->ThreadId;
        _h.Current = parent;
        Assert.Equal(0, _h.Call(62, (ulong)child->Id, 0));
        Assert.Equal(ProcessState.Alive, child->State);
        Assert.Equal(0, _h.Call(62, (ulong)child->Id, SyscallFlags.SignalTerminate));
        Assert.Equal(new[] { thread }, _h.InterruptedThreads.ToArray());
        Assert.Equal(ProcessState.Alive, child->State);
        Assert.Equal(SyscallFlags.SignalTerminate, child->PendingSignal);
        Assert.Equal(0, _h.ThreadExits);

        _h.Current = child; // its thread runs again and leaves the kernel
        ProcessTable.CheckPendingSignal();
        Assert.Equal(1, _h.ThreadExits);
        Assert.Equal(ProcessState.Zombie, child->State);
        Assert.Equal(SyscallFlags.SignalTerminate, child->WaitStatus);
        _h.Current = parent;
        Assert.Equal(-Errno.ESRCH, _h.Call(62, 999, 9));
        Assert.Equal(-Errno.EINVAL, _h.Call(62, (ulong)child->Id, 99));
        Assert.Equal(-Errno.EINVAL, _h.Call(62, 0, 9));
        _h.Current = child;
        Assert.Equal(-Errno.EPERM, _h.Call(62, (ulong)ProcessTable.InitId, 9));
    }

    [Fact]
    public void KillOfItselfEndsOnTheWayOut()
    {
        _h.StartProcess("init");
        Process* self = Fork(_h.Current);
        _h.Current = self;
        _h.Call(62, (ulong)self->Id, SyscallFlags.SignalKill);
        Assert.Equal(1, _h.ThreadExits);
        Assert.Equal(ProcessState.Zombie, self->State);
        Assert.Equal(SyscallFlags.SignalKill, self->WaitStatus);
    }

    [Fact]
    public void IgnoredSignalsDoNotEnd()
    {
        _h.StartProcess("init");
        Process* child = Fork(_h.Current);
        _h.Current = child;
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(1UL)); // SIG_IGN
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalTerminate, ProcessHarness.DataBase, 0, 8));
        Assert.Equal(0, _h.Call(62, (ulong)child->Id, SyscallFlags.SignalTerminate));
        Assert.Equal(ProcessState.Alive, child->State);
        Assert.Equal(0, _h.Call(62, (ulong)child->Id, SyscallFlags.SignalKill));
        Assert.Equal(ProcessState.Zombie, child->State);
    }

    [Fact]
    public void CtrlCEndsTheForegroundProgramsThatDoNotIgnoreIt()
    {
        Process* shell = _h.StartProcess("sh");
        Assert.Equal(shell->Id, ProcessTable.ForegroundId);
        Assert.True(ConsoleLineDiscipline.IsActive);
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(1UL));
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));
        Process* spinner = Fork(shell);
        _h.Current = spinner; // a shell's child sets SIGINT back to the default before execve
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(0UL));
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));
        _h.Current = null; // an interrupt arrives while some other task runs: the input handler signals...
        CapturingTerminal.Take();
        Assert.Equal(1, ProcessTable.InterruptForeground(SyscallFlags.SignalInterrupt));
        ConsoleLineDiscipline.Receive(0x03); // ...and the line discipline, later, only echoes and drops the line
        Assert.Equal("^C\n", CapturingTerminal.Take());
        Assert.Equal(new[] { spinner->ThreadId }, _h.InterruptedThreads.ToArray()); // signalled once
        Assert.Equal(0, shell->PendingSignal);

        // The spinner ends the next time it leaves the kernel (the kernel calls CheckPendingSignal there).
        _h.Current = spinner;
        ProcessTable.CheckPendingSignal();
        Assert.Equal(ProcessState.Zombie, spinner->State);
        Assert.Equal(SyscallFlags.SignalInterrupt, spinner->WaitStatus);
    }

    [Fact]
    public void CtrlCLeavesInitAloneEvenWithoutAHandler()
    {
        // Init (pid 1, the kernel's foreground program) does not ignore SIGINT; as on Linux it gets only the signals it
        // handles, so Ctrl-C at the user shell ends the program the shell runs, never init.
        Process* init = _h.StartProcess("init");
        Assert.Equal(1, init->Id);
        Assert.Equal(init->Id, ProcessTable.ForegroundId);
        Process* child = Fork(init);
        _h.Current = null;
        Assert.Equal(1, ProcessTable.InterruptForeground(SyscallFlags.SignalInterrupt));
        Assert.Equal(new[] { child->ThreadId }, _h.InterruptedThreads.ToArray());
        Assert.Equal(0, init->PendingSignal);
        Assert.Equal(ProcessState.Alive, init->State);
    }

    [Fact]
    public void AFaultEndsTheProcessWithOneLine()
    {
        Process* process = _h.StartProcess("crash");
        CapturingTerminal.Take();
        Assert.True(ProcessTable.EndCurrentOnFault(SyscallFlags.SignalSegmentation, 0xFFFF_8000_0000_1000, 0x401234));
        Assert.Equal("process 1 (crash) ended by signal 11 (SIGSEGV) at address 0xffff800000001000, rip 0x401234\n", CapturingTerminal.Take());
        Assert.Equal(ProcessState.Zombie, process->State);
        Assert.Equal(11, process->WaitStatus);
        Assert.Equal(0UL, process->Space.Root);
        Assert.Equal(0UL, _h.ThreadSpaces[process->ThreadId]);
        Assert.Equal(default, FakeAddressSpace.Active);
        _h.Current = null;
        Assert.False(ProcessTable.EndCurrentOnFault(11, 0, 0));
    }

    [Fact]
    public void SysProcessesListsEveryProcess()
    {
        Process* init = _h.StartProcess("init");
        Process* child = Fork(init);
        Exit(child, 0);
        string text = Encoding.ASCII.GetString(KernelHarness.ReadAll("/sys/processes"));
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal("  PID  PPID STATE   FRAMES THREAD NAME", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^\s+1\s+0 alive\s+\d+\s+\d+ init$", lines[1]);
        Assert.Matches(@"^\s+2\s+1 zombie\s+0\s+0 init$", lines[2]);
    }

    [Fact]
    public void CreateFailsCleanlyAtTheLimit()
    {
        for (int i = 0; i < 6; i++)
        {
            _h.StartProcess("p" + i);
        }

        var space = FakeAddressSpace.New();
        MeghaOS.Processes.UserRegisters registers = default;
        Assert.Equal(-Errno.EAGAIN, ProcessTable.Create("x"u8, 0, space, registers, 0, true));
        Assert.Equal(6, OpenFileTable.CountInUse()); // one console description per process, none for the refused one
        Assert.Equal(7, FakeAddressSpace.LiveSpaces); // the refused space is still the caller's
    }
}
