// Review: interleavings a preemptive single CPU allows inside fork. Each test stands a preemption (or an IRQ) at a
// point where interrupts are on in the kernel and shows the state another task or handler then acts on.
namespace MeghaOS.Tests.Processes;

using System;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ReviewRaceTests : IDisposable
{
    private static delegate*<void*, AddressSpace, out AddressSpace, VmStatus> s_clone;
    private static delegate*<void*, AddressSpace, ulong, byte*, ulong, bool, VmStatus> s_write;
    private static delegate*<void*, AddressSpace, VmStatus> s_destroy;
    private static Func<AddressSpace, bool>? s_afterDestroy;
    private static Action? s_afterClone;
    private static Func<AddressSpace, bool>? s_beforeWrite;

    private readonly ProcessHarness _h = new ProcessHarness(limit: 8);

    public ReviewRaceTests()
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

    // The task whose thread Scheduler.Kill ended: it never runs another instruction.
    private sealed class ThreadEnded : Exception
    {
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
        if (after != null)
        {
            if (after(space))
            {
                throw new ThreadEnded();
            }

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
            throw new ThreadEnded();
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
    // space is copied and before the child is in the table as its child: the program ends on its way out of fork,
    // the child it just made gets no signal and lives on (adopted by init). On Linux fork fails (restarts) when a
    // signal came meanwhile, so Ctrl-C ends the whole foreground tree.
    [Fact]
    public void CtrlCDuringForkLeavesTheNewChildRunning()
    {
        Process* shell = _h.StartProcess("sh");
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(1UL)); // sh ignores SIGINT
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));
        Process* program = Fork(shell);
        _h.Current = program;
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(0UL)); // the program does not
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));

        s_afterClone = () => ProcessTable.InterruptForeground(SyscallFlags.SignalInterrupt);
        long pid = _h.Call(57);
        Assert.True(pid > 0);

        Assert.Equal(ProcessState.Zombie, program->State); // the program got Ctrl-C and ended
        Assert.Equal(SyscallFlags.SignalInterrupt, program->WaitStatus);
        Process* child = ProcessTable.Find((int)pid);
        Assert.Equal(ProcessState.Alive, child->State);    // ...its child did not: it runs on, no signal pending
        Assert.Equal(0, child->PendingSignal);
        Assert.Equal(shell->Id, child->ParentId);
    }

    // kill(2) of a process preempted inside fork (here: right after its descriptors were referenced for the child,
    // when clone(CLONE_CHILD_SETTID) writes the child's memory): Scheduler.Kill ends its thread wherever it is and
    // Terminate cleans up only what the process slot records. The half-made child stays "alive" for ever with no
    // thread, its address space and its references to the parent's pipe ends: the pipe never reports end of file.
    [Fact]
    public void KillOfAProcessPreemptedInForkLeavesAThreadlessChildHoldingItsPipe()
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
            return true; // the parent's thread is gone: it never runs the rest of fork
        };

        _h.Current = parent;
        Assert.Throws<ThreadEnded>(() => _h.Call(56, 0x0100_0000 | 17, 0, 0, ProcessHarness.DataBase + 0x100));

        Assert.Equal(ProcessState.Zombie, parent->State);
        int threadless = 0;
        for (int i = 0; i < ProcessTable.Capacity; i++)
        {
            Process* slot = ProcessTable.Slot(i);
            threadless += slot->State == ProcessState.Alive && slot->ThreadId == 0 ? 1 : 0;
        }

        Assert.Equal(1, threadless);                                      // a process with no thread, never ending
        Assert.Equal(filesBefore, OpenFileTable.CountInUse());            // the pipe's two ends are still open
        Assert.Equal(spacesBefore, FakeAddressSpace.LiveSpaces);          // parent's space went, the orphan's did not
    }

    // exit preempted inside Destroy (the tick that came during its critical section is taken at its end), before
    // Terminate clears process->Space and makes the process a zombie: it is still "alive", so kill(2) from the task
    // that runs ends its thread and Terminates it again, destroying process->Space a second time. Meanwhile the
    // freed root frame went to a new space (here: the killer's fork), so the stale Destroy frees a live process's
    // page tables; that process's next switch loads a freed PML4 into CR3.
    [Fact]
    public void KillOfAnExitingProcessDestroysItsSpaceAgainAndHitsAReusedRoot()
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
            return true;
        };

        _h.Current = victim;
        Assert.Throws<ThreadEnded>(() => _h.Call(60, 0));

        Assert.Equal(victimRoot, newChild->Space.Root);      // the root frame was reused...
        Assert.Equal(ProcessState.Alive, newChild->State);
        Assert.Equal(2, FakeAddressSpace.LiveSpaces);        // init's and the killer's: the new child's space was destroyed
        AddressSpace orphaned = newChild->Space;
        Assert.Throws<InvalidOperationException>(() => FakeAddressSpace.Peek(orphaned, ProcessHarness.DataBase, 1)); // its memory is gone
    }

    // pipe() finds a free pipe slot (Buffer == null) and claims it only after Heap.Allocate returned, interrupts on
    // throughout: a task preempting it there (the tick taken at the end of the heap's critical section) that also
    // calls pipe() finds the same slot. Both pipes then share one Pipe; when one side's ends are all closed the
    // shared Pipe is freed (buffer back to the heap, slot zeroed) under the other pipe's open descriptors, whose next
    // read or write dereferences GetPipe's null (a kernel page fault) or a reused slot.
    [Fact]
    public void TwoPipesCreatedAcrossAPreemptionShareOneSlot()
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
        Assert.Equal(a->Pipe, b->Pipe);                          // one Pipe for two pipes
        Assert.Equal(1, OpenFileTable.PipesInUse());

        Assert.Equal(0, _h.Call(3, (ulong)otherRead));           // the other closes its two ends...
        Assert.Equal(0, _h.Call(3, (ulong)otherWrite));
        Assert.Equal(0, OpenFileTable.PipesInUse());             // ...and the first's pipe is freed under it
        Assert.True(OpenFileTable.GetPipe(a->Pipe) == null);     // FileIo.ReadPipe/WritePipe would dereference null
    }
}
