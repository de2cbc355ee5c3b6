// The process table: every process in a table the kernel supplies, the per-system limit on processes and the
// per-process frame limit, and the life cycle: create (the kernel starting a program), fork, exit (everything given
// back at once: descriptors closed, address space destroyed, so the PAB after equals the PAB before), zombies reaped
// by wait4, orphans handed to init (pid 1), kill, and the foreground programs that Ctrl-C ends. A signal is only ever
// made pending (and a target that does not block it woken): the target acts on it when it next leaves the kernel
// (Signals.cs: its handler runs, or its default action ends it), never from outside, because a
// thread preempted inside a system call holds state (a half-made child, an address space being replaced, a reference
// being dropped) that only it can finish or undo.
namespace MeghaOS.Processes;

using System;
using MeghaOS.Devices;
using MeghaOS.Memory.Paging;
using MeghaOS.Scheduling;
using MeghaOS.Syscalls;
using MeghaOS.Text;

/// <summary>All processes and their life cycle.</summary>
public static unsafe class ProcessTable
{
    /// <summary>The id of init, which adopts orphans.</summary>
    public const int InitId = 1;

    /// <summary>Wait status of a process ended by signal <c>n</c> is <c>n</c>; of one that exited with code c, c &lt;&lt; 8.</summary>
    public static int ExitStatus(int code) => (code & 0xFF) << 8;

    private static Process* s_table;
    private static int s_capacity;
    private static int s_limit;
    private static ulong s_frameLimit;
    private static int s_nextId;
    private static int s_foregroundId;
    private static AddressSpaceOperations s_vm;
    private static ProcessMachine s_machine;
    private static ProcessServices s_services;
    private static WaitQueue s_kernelWaiters;

    /// <summary>True once <see cref="Initialize"/> ran.</summary>
    public static bool IsInitialized => s_table != null;

    /// <summary>Most live processes (and zombies) at once; fork beyond it gives EAGAIN.</summary>
    public static int Limit => s_limit;

    /// <summary>Frames each process's address space may hold; more gives ENOMEM.</summary>
    public static ulong FrameLimit => s_frameLimit;

    /// <summary>Slots of the table.</summary>
    public static int Capacity => s_capacity;

    /// <summary>The root of the foreground programs (0: none; then console input belongs to the kernel shell).</summary>
    public static int ForegroundId => s_foregroundId;

    /// <summary>The address-space operations processes use.</summary>
    public static ref AddressSpaceOperations Vm => ref s_vm;

    /// <summary>
    /// Installs the table (<paramref name="capacity"/> zeroed slots kept for the kernel's life), the limits and the
    /// operations. <paramref name="limit"/> is cut to the capacity.
    /// </summary>
    public static void Initialize(Process* table, int capacity, int limit, ulong frameLimit, in AddressSpaceOperations vm,
        in ProcessMachine machine, in ProcessServices services)
    {
        s_table = table;
        s_capacity = capacity;
        s_limit = limit < capacity ? limit : capacity;
        s_frameLimit = frameLimit;
        s_vm = vm;
        s_machine = machine;
        s_services = services;
        s_nextId = 1;
        s_foregroundId = 0;
        s_kernelWaiters = default;
    }

    /// <summary>Forgets everything (tests; the caller frees the memory).</summary>
    public static void Reset()
    {
        s_table = null;
        s_capacity = 0;
        s_limit = 0;
        s_frameLimit = 0;
        s_vm = default;
        s_machine = default;
        s_services = default;
        s_nextId = 1;
        s_foregroundId = 0;
        s_kernelWaiters = default;
        PollWaiters.Reset();
    }

    /// <summary>Slot <paramref name="index"/>, whatever its state, or null.</summary>
    public static Process* Slot(int index) => index >= 0 && index < s_capacity ? &s_table[index] : null;

    /// <summary>The live process or zombie with id <paramref name="id"/>, or null.</summary>
    public static Process* Find(int id)
    {
        for (int i = 0; i < s_capacity && id > 0; i++)
        {
            if (s_table[i].State != ProcessState.Unused && s_table[i].Id == id)
            {
                return &s_table[i];
            }
        }

        return null;
    }

    /// <summary>Processes in <paramref name="state"/>.</summary>
    public static int Count(ProcessState state)
    {
        int count = 0;
        for (int i = 0; i < s_capacity; i++)
        {
            count += s_table[i].State == state ? 1 : 0;
        }

        return count;
    }

    /// <summary>The process whose thread runs now, or null.</summary>
    public static Process* Current => s_services.Current != null ? s_services.Current() : null;

    /// <summary>Makes process <paramref name="id"/> (and its descendants) the foreground programs; 0 gives the console back.</summary>
    public static void SetForeground(int id) => s_foregroundId = id;

    /// <summary>
    /// Starts a process the kernel made: <paramref name="space"/> (which it now owns) entered with
    /// <paramref name="initial"/>; the heap starts at <paramref name="breakStart"/> (rounded up to a page). With
    /// <paramref name="console"/> descriptors 0, 1 and 2 are the console and, when the kernel is the parent (0), it
    /// becomes the foreground. Returns the pid, or -EAGAIN (process limit or no thread), -ENFILE. On failure the space
    /// is still the caller's.
    /// </summary>
    public static int Create(ReadOnlySpan<byte> name, int parentId, AddressSpace space, in UserRegisters initial, ulong breakStart, bool console)
    {
        Process* process = FreeSlot();
        if (process == null)
        {
            return -Errno.EAGAIN;
        }

        int consoleFile = -1;
        if (console)
        {
            consoleFile = OpenFileTable.Allocate(OpenFileKind.Console, SyscallFlags.ReadWrite);
            if (consoleFile < 0)
            {
                *process = default;
                return consoleFile;
            }
        }

        // Filled in with interrupts off: the claimed slot never looks unused to another FreeSlot, and the id is drawn
        // by one caller of NextId at a time.
        bool interrupts = DisableInterrupts();
        *process = default;
        process->State = ProcessState.Alive;
        process->ParentId = parentId;
        process->Id = NextId();
        RestoreInterrupts(interrupts);
        int id = process->Id;
        process->SetName(name);
        process->Space = space;
        process->FrameLimit = s_frameLimit;
        process->BreakStart = MemoryLayout.PageUp(breakStart);
        process->Break = process->BreakStart;
        process->MapNext = MemoryLayout.MapBase;
        process->SetDirectory("/"u8);
        if (console)
        {
            process->Files[0] = consoleFile + 1;
            process->Files[1] = consoleFile + 1;
            process->Files[2] = consoleFile + 1;
            OpenFileTable.AddReference(consoleFile);
            OpenFileTable.AddReference(consoleFile);
        }

        UserRegisters registers = initial;
        int result = StartThread(process, &registers, null, console && parentId == 0);
        if (result < 0)
        {
            CloseAll(process);
            *process = default;
            return result;
        }

        return id; // the process may have run, ended and been reaped already
    }

    /// <summary>
    /// fork (and vfork, clone with fork's flags): a copy of the running process with a copy of its address space and
    /// its descriptors, whose thread resumes from <paramref name="registers"/> with Rax 0 (and Rsp
    /// <paramref name="stack"/> when not 0). Returns the child's pid, -EAGAIN at the process limit or when no thread
    /// can be made, -ENOMEM when the space cannot be copied, -EINTR when the caller got a signal meanwhile (it then
    /// ends on its way out). Nothing is left allocated on failure.
    /// </summary>
    public static int Fork(UserRegisters* registers, ulong stack) => Fork(registers, stack, 0);

    /// <summary>
    /// As <see cref="Fork(UserRegisters*, ulong)"/>; when <paramref name="childTidAddress"/> is not 0 the child's id is
    /// stored there in the child's memory before its thread exists (clone's CLONE_CHILD_SETTID).
    /// </summary>
    public static int Fork(UserRegisters* registers, ulong stack, ulong childTidAddress)
    {
        Process* parent = Current;
        if (parent == null)
        {
            return -Errno.EPERM;
        }

        Process* child = FreeSlot();
        if (child == null)
        {
            return -Errno.EAGAIN;
        }

        VmStatus status = s_vm.Clone(s_vm.Context, parent->Space, out AddressSpace space);
        if (status != VmStatus.Success)
        {
            *child = default;
            return -Errno.ENOMEM;
        }

        // The child gets its id with interrupts off: from then on kill can find it, and a signal sent to it must not be
        // overwritten by the copy of the parent's fields.
        bool interrupts = DisableInterrupts();
        *child = *parent;
        child->ParentId = parent->Id;
        child->State = ProcessState.Alive;
        child->ThreadId = 0;
        child->WaitStatus = 0;
        child->PendingSignal = 0;
        child->ChildEvents = default;
        child->Space = space;
        child->Id = NextId();
        RestoreInterrupts(interrupts);
        for (int fd = 0; fd < Process.MaxFiles; fd++)
        {
            if (child->Files[fd] != 0)
            {
                OpenFileTable.AddReference(child->Files[fd] - 1);
            }
        }

        UserRegisters copy = *registers;
        copy.Rax = 0;
        if (stack != 0)
        {
            copy.Rsp = stack;
        }

        int childId = child->Id;
        if (childTidAddress != 0)
        {
            UserMemory.CopyOut(child, childTidAddress, &childId, sizeof(int));
        }

        int result = StartThread(child, &copy, parent, false);
        if (result < 0)
        {
            CloseAll(child);
            child->Space = default;
            s_vm.Destroy(s_vm.Context, space);
            *child = default;
            return result;
        }

        return childId;
    }

    // Starts the thread of a process whose space is set, all in one interrupts-off section:
    // - the thread may run the moment interrupts are on again, even before its parent's fork returns, and its execve
    //   and exit tell the scheduler its new address space by this id: the process records the id before then, or the
    //   scheduler keeps the old space (freed by execve) for the thread and loads it into CR3 at the next switch;
    // - a fork whose parent got a signal meanwhile (Ctrl-C typed while the space was copied, before the child was in
    //   the foreground tree; a kill) fails with EINTR: the parent ends on its way out and the child, which may have
    //   missed the signal, must not outlive it (Linux restarts such a fork);
    // - a program the kernel starts becomes the foreground before it can run, so one that exits at once does not leave
    //   the foreground naming a dead pid.
    // The thread id, or -EINTR, -EAGAIN.
    private static int StartThread(Process* process, UserRegisters* registers, Process* parent, bool foreground)
    {
        bool interrupts = DisableInterrupts();
        if (parent != null && Signals.Deliverable(parent) != 0)
        {
            RestoreInterrupts(interrupts);
            return -Errno.EINTR;
        }

        int thread = s_machine.SpawnUserThread != null ? s_machine.SpawnUserThread(process->NameText, process->Space, process, registers) : -1;
        if (thread >= 0)
        {
            process->ThreadId = thread;
            if (foreground)
            {
                s_foregroundId = process->Id;
            }
        }

        RestoreInterrupts(interrupts);
        return thread >= 0 ? thread : -Errno.EAGAIN;
    }

    /// <summary>
    /// Ends the running process with <paramref name="waitStatus"/> (see <see cref="ExitStatus"/>) and its thread.
    /// Never returns in the kernel.
    /// </summary>
    public static void ExitCurrent(int waitStatus)
    {
        Process* process = Current;
        if (process == null)
        {
            return;
        }

        Terminate(process, waitStatus);
        s_services.ExitThread();
    }

    /// <summary>
    /// Called by the architecture's fault handler for a fault in user mode: prints one line (pid, name, signal,
    /// address, RIP) and ends the running process. Never returns in the kernel; false when no process runs (the
    /// fault is then the kernel's).
    /// </summary>
    public static bool EndCurrentOnFault(int signal, ulong address, ulong rip)
    {
        Process* process = Current;
        if (process == null)
        {
            return false;
        }

        Span<byte> line = stackalloc byte[128];
        TextBuilder text = new TextBuilder(line);
        text.Append("process "u8);
        text.AppendDecimal((ulong)process->Id);
        text.Append(" ("u8);
        text.Append(process->NameText);
        text.Append(") ended by signal "u8);
        text.AppendDecimal((ulong)signal);
        text.Append(" ("u8);
        text.Append(SignalName(signal));
        text.Append(") at address 0x"u8);
        text.AppendHex(address, 1);
        text.Append(", rip 0x"u8);
        text.AppendHex(rip, 1);
        text.AppendByte((byte)'\n');
        Terminal.Write(text.Text);
        ExitCurrent(signal & 0x7F);
        return true;
    }

    /// <summary>
    /// Ends the running process if a pending signal that is not blocked has the default action (Ctrl-C, kill of
    /// itself), without user registers: signals with handlers stay pending for <see cref="Signals.DeliverPending"/>,
    /// which the kernel runs on every way back to user mode.
    /// </summary>
    public static void CheckPendingSignal() => Signals.DeliverPending(null);

    /// <summary>
    /// True when the running process has a pending signal it does not block (blocking calls then give up with EINTR,
    /// whether the signal runs a handler or ends the process).
    /// </summary>
    public static bool CurrentHasPendingSignal() => Signals.Deliverable(Current) != 0;

    /// <summary>
    /// kill: signal 0 only checks that <paramref name="id"/> exists. A signal the target ignores is thrown away; any
    /// other becomes pending (sent by the running process, or the kernel when none runs) and wakes the target if it
    /// does not block it: when it next leaves the kernel (at the end of a system call, after an interrupt in user mode,
    /// before its first run) its handler runs or the signal ends it, and a blocking call gives up with EINTR. Init
    /// gets only the signals it handles. 0, or -ESRCH, -EINVAL, -EPERM (init).
    /// </summary>
    public static int Kill(int id, int signal)
    {
        if (signal < 0 || signal > 64)
        {
            return -Errno.EINVAL;
        }

        Process* target = Find(id);
        if (target == null || target->State != ProcessState.Alive)
        {
            return target == null ? -Errno.ESRCH : 0;
        }

        if (signal == 0 || target->Ignores(signal))
        {
            return 0;
        }

        if (target->Id == InitId && Current != target && !target->Handles(signal))
        {
            return -Errno.EPERM;
        }

        // Never ended from here: a thread preempted inside a system call would leave whatever it was doing half done.
        bool interrupts = DisableInterrupts();
        if (target->State == ProcessState.Alive)
        {
            Process* sender = Current;
            MakePending(target, signal, sender != null ? sender->Id : 0);
        }

        RestoreInterrupts(interrupts);
        return 0;
    }

    /// <summary>
    /// Ctrl-C: every live process of the foreground tree (the foreground process and its descendants) that does not
    /// ignore <paramref name="signal"/> gets it pending (from the kernel) and is woken, so its handler runs or it ends
    /// on its way out of the kernel. Callable from an interrupt handler. Returns how many processes were signalled.
    /// </summary>
    public static int InterruptForeground(int signal)
    {
        int count = 0;
        for (int i = 0; i < s_capacity; i++)
        {
            Process* process = &s_table[i];
            // Init (pid 1) gets only the signals it handles, as on Linux: Ctrl-C at the user shell must not end it.
            if (process->State != ProcessState.Alive || !InForeground(process) || process->Ignores(signal)
                || (process->Id == InitId && !process->Handles(signal)))
            {
                continue;
            }

            MakePending(process, signal, 0);
            count++;
        }

        return count;
    }

    /// <summary>
    /// wait4 for the running process: the pid of a child (any when <paramref name="id"/> is -1 or 0 or below) that
    /// ended, reaped, with its status; waits unless <paramref name="options"/> has WNOHANG (then 0 while none ended).
    /// -ECHILD without such a child, -EINTR when a signal came while waiting.
    /// </summary>
    public static int Wait(int id, int options, out int waitStatus)
    {
        waitStatus = 0;
        Process* parent = Current;
        if (parent == null)
        {
            return -Errno.ECHILD;
        }

        return WaitFor(parent->Id, id, options, &parent->ChildEvents, out waitStatus);
    }

    /// <summary>
    /// For the kernel (its shell starting a program): waits until process <paramref name="id"/>, started with parent 0,
    /// ends, reaps it and gives its wait status. -ECHILD when it is no such process.
    /// </summary>
    public static int WaitForKernelChild(int id, out int waitStatus)
    {
        fixed (WaitQueue* waiters = &s_kernelWaiters)
        {
            return WaitFor(0, id, 0, waiters, out waitStatus);
        }
    }

    /// <summary>Turns interrupts off (services) and says whether they were on.</summary>
    public static bool DisableInterrupts() => s_services.DisableInterrupts != null && s_services.DisableInterrupts();

    /// <summary>Turns interrupts back on if they were.</summary>
    public static void RestoreInterrupts(bool wereOn)
    {
        if (s_services.RestoreInterrupts != null)
        {
            s_services.RestoreInterrupts(wereOn);
        }
    }

    /// <summary>Blocks the running thread on <paramref name="queue"/> (interrupts off, condition checked).</summary>
    public static void Block(WaitQueue* queue)
    {
        if (s_services.Block != null)
        {
            s_services.Block(queue);
        }
    }

    /// <summary>
    /// Blocks the running thread on <paramref name="queue"/> until it is woken or the uptime reaches
    /// <paramref name="deadline"/> (ns); interrupts off, condition checked. Without the service it returns at once.
    /// </summary>
    public static void BlockUntil(WaitQueue* queue, ulong deadline)
    {
        if (s_services.BlockUntil != null)
        {
            s_services.BlockUntil(queue, deadline);
        }
    }

    /// <summary>Wakes every thread on <paramref name="queue"/>.</summary>
    public static void WakeAll(WaitQueue* queue)
    {
        if (s_services.WakeAll != null)
        {
            s_services.WakeAll(queue);
        }
    }

    /// <summary>Tells the scheduler which address space thread <paramref name="threadId"/> runs in now.</summary>
    public static void SetThreadSpace(int threadId, ulong root)
    {
        if (s_services.SetAddressSpace != null)
        {
            s_services.SetAddressSpace(threadId, root);
        }
    }

    /// <summary>The services (time, sleeping, entropy) for the system calls.</summary>
    public static ref ProcessServices Services => ref s_services;

    /// <summary>A short name for a signal number ("SIGSEGV"), or "signal".</summary>
    public static ReadOnlySpan<byte> SignalName(int signal) => signal switch
    {
        1 => "SIGHUP"u8,
        2 => "SIGINT"u8,
        4 => "SIGILL"u8,
        5 => "SIGTRAP"u8,
        6 => "SIGABRT"u8,
        7 => "SIGBUS"u8,
        8 => "SIGFPE"u8,
        9 => "SIGKILL"u8,
        11 => "SIGSEGV"u8,
        13 => "SIGPIPE"u8,
        15 => "SIGTERM"u8,
        _ => "signal"u8,
    };

    /// <summary>Closes descriptor <paramref name="fd"/> of <paramref name="process"/>: 0 or -EBADF.</summary>
    public static int CloseDescriptor(Process* process, int fd)
    {
        if (fd < 0 || fd >= Process.MaxFiles || process->Files[fd] == 0)
        {
            return -Errno.EBADF;
        }

        int file = process->Files[fd] - 1;
        process->Files[fd] = 0;
        process->CloseOnExec &= ~(1UL << fd);
        OpenFileTable.Release(file);
        return 0;
    }

    /// <summary>
    /// Puts open file <paramref name="file"/> (whose reference the caller passes on) in the lowest free descriptor at or
    /// above <paramref name="lowest"/>: the descriptor, or -EMFILE.
    /// </summary>
    public static int InstallDescriptor(Process* process, int file, int lowest, bool closeOnExec)
    {
        for (int fd = lowest < 0 ? 0 : lowest; fd < Process.MaxFiles; fd++)
        {
            if (process->Files[fd] == 0)
            {
                process->Files[fd] = file + 1;
                process->CloseOnExec = closeOnExec ? process->CloseOnExec | (1UL << fd) : process->CloseOnExec & ~(1UL << fd);
                return fd;
            }
        }

        return -Errno.EMFILE;
    }

    /// <summary>The open file of descriptor <paramref name="fd"/>, or null; <paramref name="index"/> its table index.</summary>
    public static OpenFile* Descriptor(Process* process, int fd, out int index)
    {
        index = -1;
        if (process == null || fd < 0 || fd >= Process.MaxFiles || process->Files[fd] == 0)
        {
            return null;
        }

        index = process->Files[fd] - 1;
        return OpenFileTable.Get(index);
    }

    private static int WaitFor(int parentId, int id, int options, WaitQueue* queue, out int waitStatus)
    {
        waitStatus = 0;
        while (true)
        {
            bool interrupts = DisableInterrupts();
            bool hasChild = false;
            for (int i = 0; i < s_capacity; i++)
            {
                Process* child = &s_table[i];
                if (child->State == ProcessState.Unused || child->ParentId != parentId || (id > 0 && child->Id != id))
                {
                    continue;
                }

                hasChild = true;
                if (child->State == ProcessState.Zombie)
                {
                    int found = child->Id;
                    waitStatus = child->WaitStatus;
                    *child = default;
                    RestoreInterrupts(interrupts);
                    return found;
                }
            }

            if (!hasChild || (options & SyscallFlags.WaitNoHang) != 0 || (parentId != 0 && CurrentHasPendingSignal()))
            {
                RestoreInterrupts(interrupts);
                return !hasChild ? -Errno.ECHILD : (options & SyscallFlags.WaitNoHang) != 0 ? 0 : -Errno.EINTR;
            }

            Block(queue);
            RestoreInterrupts(interrupts);
        }
    }

    // Gives back everything the running process holds and makes it a zombie (or frees its slot when no one will
    // wait). Only the process's own thread calls it (exit, a fault, a pending signal).
    private static void Terminate(Process* process, int waitStatus)
    {
        CloseAll(process);

        // Leave the space before destroying it (the null space is the kernel's own). The scheduler learns first:
        // a switch between the two steps would otherwise load the old space again on the way back.
        SetThreadSpace(process->ThreadId, 0);
        if (s_vm.Activate != null)
        {
            s_vm.Activate(s_vm.Context, default);
        }

        // The slot forgets the space before it is destroyed: its root frame may go to another space the moment
        // Destroy gives it back, and nothing may reach that frame through this slot again.
        AddressSpace space = process->Space;
        process->Space = default;
        if (!space.IsNull)
        {
            s_vm.Destroy(s_vm.Context, space);
        }

        bool interrupts = DisableInterrupts();
        Process* init = Find(InitId);
        bool initAlive = init != null && init->State == ProcessState.Alive && init != process;
        bool wakeInit = false;
        for (int i = 0; i < s_capacity; i++)
        {
            Process* child = &s_table[i];
            if (child->State == ProcessState.Unused || child->ParentId != process->Id)
            {
                continue;
            }

            if (initAlive)
            {
                child->ParentId = InitId;
                wakeInit |= child->State == ProcessState.Zombie;
            }
            else if (child->State == ProcessState.Zombie)
            {
                *child = default;
            }
            else
            {
                child->ParentId = -1; // no one will wait: freed when it ends
            }
        }

        if (wakeInit)
        {
            WakeAll(&init->ChildEvents);
        }

        if (s_foregroundId == process->Id)
        {
            s_foregroundId = 0;
            ConsoleLineDiscipline.Reset();
        }

        // From here the slot may be reaped and reused: the exiting thread (which only has ExitThread left to run) must
        // not lead to it, or the kernel shell's kill of that thread would signal whichever process has the slot next.
        if (s_services.DetachThread != null)
        {
            s_services.DetachThread(process->ThreadId);
        }

        if (process->ParentId < 0)
        {
            *process = default;
        }
        else
        {
            process->State = ProcessState.Zombie;
            process->WaitStatus = waitStatus;
            process->PendingSignal = 0;
            Process* parent = Find(process->ParentId);
            if (parent != null)
            {
                WakeAll(&parent->ChildEvents);
            }
            else
            {
                fixed (WaitQueue* waiters = &s_kernelWaiters)
                {
                    WakeAll(waiters);
                }
            }
        }

        RestoreInterrupts(interrupts);
    }

    // The signal is pending (from sender, 0: the kernel); a blocked thread that does not block the signal wakes to see
    // it (a process whose thread is not started yet sees it before its first run). Interrupts are off.
    private static void MakePending(Process* process, int signal, int sender)
    {
        process->PendingSignals |= Signals.Bit(signal);
        process->SignalSenders[signal - 1] = sender;
        if ((Signals.Deliverable(process) & Signals.Bit(signal)) != 0 && process->ThreadId != 0 && s_services.Interrupt != null)
        {
            s_services.Interrupt(process->ThreadId);
        }
    }

    private static void CloseAll(Process* process)
    {
        for (int fd = 0; fd < Process.MaxFiles; fd++)
        {
            if (process->Files[fd] != 0)
            {
                CloseDescriptor(process, fd);
            }
        }
    }

    private static bool InForeground(Process* process)
    {
        for (int depth = 0; process != null && depth < s_capacity; depth++)
        {
            if (s_foregroundId != 0 && process->Id == s_foregroundId)
            {
                return true;
            }

            process = Find(process->ParentId);
        }

        return false;
    }

    // Claims an unused slot (alive, id 0 until the caller fills it in; /sys/processes skips it) with interrupts off,
    // so a fork or create preempted while it copies an address space cannot be given the same slot by another.
    // The caller sets *slot = default on every failure.
    private static Process* FreeSlot()
    {
        if (s_table == null)
        {
            return null;
        }

        bool interrupts = DisableInterrupts();
        Process* slot = null;
        if (Count(ProcessState.Alive) + Count(ProcessState.Zombie) < s_limit)
        {
            for (int i = 0; i < s_capacity; i++)
            {
                if (s_table[i].State == ProcessState.Unused)
                {
                    slot = &s_table[i];
                    *slot = default;
                    slot->State = ProcessState.Alive;
                    break;
                }
            }
        }

        RestoreInterrupts(interrupts);
        return slot;
    }

    private static int NextId()
    {
        while (true)
        {
            int id = s_nextId;
            s_nextId = s_nextId == int.MaxValue ? 2 : s_nextId + 1;
            if (Find(id) == null)
            {
                return id;
            }
        }
    }

}
