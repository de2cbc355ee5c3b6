// Interleavings a preemptive single CPU allows inside fork, exit and pipe: each test stands a preemption (or an IRQ)
// at a point where interrupts are on in the kernel, lets another task or handler act there, and checks that the
// interrupted call still finishes cleanly: kill only makes a signal pending, a fork whose caller got a signal fails
// and leaves nothing, an exiting process's space is destroyed once, and two pipes never share a slot.
namespace MeghaOS.Tests.Processes;

using System;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ProcessRaceTests : IDisposable
{
    private static delegate*<void*, AddressSpace, out AddressSpace, VmStatus> s_clone;
    private static delegate*<void*, AddressSpace, ulong, byte*, ulong, bool, VmStatus> s_write;
    private static delegate*<void*, AddressSpace, VmStatus> s_destroy;
    private static Func<AddressSpace, bool>? s_afterDestroy;
    private static Action? s_afterClone;
    private static Func<AddressSpace, bool>? s_beforeWrite;

    private readonly ProcessHarness _h = new ProcessHarness(limit: 8);

    public ProcessRaceTests()
    {
        s_clone = ProcessTable.Vm.Clone;
        s_write = ProcessTable.Vm.Write;
        ProcessTable.Vm.Clone = &CloneThen;
        ProcessTable.Vm.Write = &WriteAfter;
        s_destroy = ProcessTable.Vm.Destroy;
        ProcessTable.Vm.Destroy = &DestroyThen;
    }

    public void Dispose()
    {
        s_afterClone = null;
        s_beforeWrite = null;
        s_afterDestroy = null;
        _h.Dispose();
    }

    private static VmStatus CloneThen(void* context, AddressSpace space, out AddressSpace copy)
    {
        VmStatus status = s_clone(context, space, out copy);
        Action? after = s_afterClone;
        s_afterClone = null;
        after?.Invoke(); // the clone's critical section ends: a pending IRQ or tick is taken here
        return status;
    }

    private static VmStatus DestroyThen(void* context, AddressSpace space)
    {
        VmStatus status = s_destroy(context, space);
        Func<AddressSpace, bool>? after = s_afterDestroy;
        s_afterDestroy = null;
        if (after != null && !after(space))
        {
            s_afterDestroy = after;
        }

        return status;
    }

    private static VmStatus WriteAfter(void* context, AddressSpace space, ulong address, byte* source, ulong length, bool asUser)
    {
        Func<AddressSpace, bool>? before = s_beforeWrite;
        if (before != null && before(space))
        {
            s_beforeWrite = null;
        }

        return s_write(context, space, address, source, length, asUser);
    }

    private Process* Fork(Process* parent)
    {
        _h.Current = parent;
        long pid = _h.Call(57);
        Assert.True(pid > 0, "fork failed: " + pid);
        return ProcessTable.Find((int)pid);
    }

    // Ctrl-C (the keyboard IRQ's InterruptForeground) taken while the foreground program is inside fork, after the
    // space is copied and before the child is in the table as its child: the child gets no signal, so fork fails with
    // EINTR and undoes it (Linux restarts such a fork); the program ends on its way out, leaving nothing behind.
    [Fact]
    public void CtrlCDuringForkFailsItAndLeavesNoChild()
    {
        Process* shell = _h.StartProcess("sh");
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(1UL)); // sh ignores SIGINT
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));
        Process* program = Fork(shell);
        _h.Current = program;
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(0UL)); // the program does not
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));

        int filesBefore = OpenFileTable.CountInUse();
        int threadsBefore = _h.Threads.Count;
        s_afterClone = () => ProcessTable.InterruptForeground(SyscallFlags.SignalInterrupt);
        Assert.Equal(-Errno.EINTR, _h.Call(57));

        Assert.Equal(ProcessState.Zombie, program->State); // the program got Ctrl-C and ended
        Assert.Equal(SyscallFlags.SignalInterrupt, program->WaitStatus);
        Assert.Equal(1, ProcessTable.Count(ProcessState.Alive)); // only sh: no child was left running
        Assert.Equal(threadsBefore, _h.Threads.Count);           // no thread was started for it
        Assert.Equal(1, FakeAddressSpace.LiveSpaces);            // sh's; the program's and the copy are gone
        Assert.Equal(filesBefore, OpenFileTable.CountInUse());   // the console description sh still holds
    }

    // kill(2) of a process preempted inside fork (here: right after its descriptors were referenced for the child,
    // when clone(CLONE_CHILD_SETTID) writes the child's memory) only makes SIGKILL pending: the parent finishes fork
    // itself, which fails and undoes the half-made child, and ends on its way out. No threadless child is left holding
    // the pipe ends, so they close and the space is gone.
    [Fact]
    public void KillOfAProcessPreemptedInForkUndoesTheChildAndEndsIt()
    {
        Process* init = _h.StartProcess("init");
        Process* killer = Fork(init);
        Process* parent = Fork(init);
        _h.Current = parent;
        Assert.Equal(0, _h.Call(22, ProcessHarness.DataBase)); // pipe
        int filesBefore = OpenFileTable.CountInUse();
        int spacesBefore = FakeAddressSpace.LiveSpaces;
        AddressSpace parentSpace = parent->Space;
        int parentId = parent->Id;

        // The write of the child's tid is into the child's space: preempted there, the killer runs kill(parent, 9).
        s_beforeWrite = space =>
        {
            if (space.Root == parentSpace.Root)
            {
                return false;
            }

            _h.Current = killer;
            Assert.Equal(0, _h.Call(62, (ulong)parentId, SyscallFlags.SignalKill));
            Assert.Equal(ProcessState.Alive, parent->State); // pending only: the parent runs the rest of fork
            _h.Current = parent;
            return true;
        };

        int threadsBefore = _h.Threads.Count;
        _h.Current = parent;
        Assert.Equal(-Errno.EINTR, _h.Call(56, 0x0100_0000 | 17, 0, 0, ProcessHarness.DataBase + 0x100));

        Assert.Equal(ProcessState.Zombie, parent->State);
        Assert.Equal(SyscallFlags.SignalKill, parent->WaitStatus);
        int threadless = 0;
        for (int i = 0; i < ProcessTable.Capacity; i++)
        {
            Process* slot = ProcessTable.Slot(i);
            threadless += slot->State == ProcessState.Alive && slot->ThreadId == 0 ? 1 : 0;
        }

        Assert.Equal(0, threadless);                                      // no process without a thread
        Assert.Equal(threadsBefore, _h.Threads.Count);
        Assert.Equal(filesBefore - 2, OpenFileTable.CountInUse());        // the pipe's two ends closed with the parent
        Assert.Equal(0, OpenFileTable.PipesInUse());
        Assert.Equal(spacesBefore - 1, FakeAddressSpace.LiveSpaces);      // the parent's space and the copy are gone
    }

    // exit preempted inside Destroy (the tick that came during its critical section is taken at its end), before
    // Terminate makes the process a zombie: it is still "alive", and the freed root frame goes to a new space (here:
    // the killer's fork). kill(2) from the task that runs only makes the signal pending, so the exiting process
    // finishes its own exit and the new process's space, on the reused root, is untouched.
    [Fact]
    public void KillOfAnExitingProcessLeavesASpaceOnItsReusedRootAlone()
    {
        Process* init = _h.StartProcess("init");
        Process* killer = Fork(init);
        Process* victim = Fork(init);
        ulong victimRoot = victim->Space.Root;
        int victimId = victim->Id;
        Process* newChild = null;
        s_afterDestroy = space =>
        {
            if (space.Root != victimRoot)
            {
                return false;
            }

            newChild = Fork(killer); // the preempting task forks: its child's root may be the frame just freed
            _h.Current = killer;
            Assert.Equal(0, _h.Call(62, (ulong)victimId, SyscallFlags.SignalKill));
            _h.Current = victim;
            return true;
        };

        _h.Current = victim;
        _h.Call(60, 0);

        Assert.Equal(ProcessState.Zombie, victim->State);    // it finished its own exit...
        Assert.Equal(0, victim->WaitStatus);
        Assert.Equal(victimRoot, newChild->Space.Root);      // ...the root frame was reused...
        Assert.Equal(ProcessState.Alive, newChild->State);
        Assert.Equal(3, FakeAddressSpace.LiveSpaces);        // ...and init's, the killer's and the new child's live on
        _h.Current = newChild;
        Assert.Single(_h.Peek(ProcessHarness.DataBase, 1));  // its memory is still there
    }

    // A task preempting pipe() at the end of the heap's critical section (the tick taken there) that also calls pipe()
    // must not get the same pipe slot: the buffer is allocated before any slot is looked at, and the slots are found
    // and claimed with interrupts off. Closing one pipe's ends then leaves the other pipe alone.
    [Fact]
    public void TwoPipesCreatedAcrossAPreemptionGetTheirOwnSlots()
    {
        Process* init = _h.StartProcess("init");
        Process* other = Fork(init);
        Process* first = Fork(init);
        const ulong Fds = ProcessHarness.DataBase + 0x300;

        TestHeap.AfterAllocate = size =>
        {
            _h.Current = other;
            Assert.Equal(0, _h.Call(22, Fds));
            _h.Current = first;
        };

        _h.Current = first;
        Assert.Equal(0, _h.Call(22, Fds));
        int firstRead = _h.PeekInt32(Fds);
        _h.Current = other;
        int otherRead = _h.PeekInt32(Fds), otherWrite = _h.PeekInt32(Fds + 4);
        OpenFile* a = ProcessTable.Descriptor(first, firstRead, out _);
        OpenFile* b = ProcessTable.Descriptor(other, otherRead, out _);
        Assert.NotEqual(a->Pipe, b->Pipe);                       // a Pipe each
        Assert.Equal(2, OpenFileTable.PipesInUse());

        Assert.Equal(0, _h.Call(3, (ulong)otherRead));           // the other closes its two ends...
        Assert.Equal(0, _h.Call(3, (ulong)otherWrite));
        Assert.Equal(1, OpenFileTable.PipesInUse());             // ...and the first's pipe is still there
        Assert.True(OpenFileTable.GetPipe(a->Pipe) != null);
    }

    // A reference count's read-modify-write, and the pipe's reader and writer counts with it, must not be split by a
    // preemption: closing the last end happens in one interrupts-off section (its wake-ups come from inside it).
    [Fact]
    public void ClosingPipeEndsChangesTheCountsWithInterruptsOff()
    {
        Process* process = _h.StartProcess("p");
        const ulong Fds = ProcessHarness.DataBase + 0x300;
        Assert.Equal(0, _h.Call(22, Fds));
        int read = _h.PeekInt32(Fds), write = _h.PeekInt32(Fds + 4);
        Assert.Equal(0, _h.Call(3, (ulong)read));
        Assert.Equal(0, _h.Call(3, (ulong)write));
        Assert.Equal(0, OpenFileTable.PipesInUse());
        Assert.True(_h.WakesWithInterruptsOff >= 2);
        Assert.Equal(0, _h.WakesWithInterruptsOn);
        Assert.True(_h.InterruptsOn);
        Assert.Equal(ProcessState.Alive, process->State);
    }
}
