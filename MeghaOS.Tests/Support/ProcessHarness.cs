// The process layer on the host: a booted KernelHarness (heap, terminal, PMM, file tree), the process and open-file
// tables over native memory, FakeAddressSpace as the vm, a fake machine that records the user threads it is asked
// to start, and fake services: the "current" process is whatever the test says, time is a fake clock, and a thread
// that would block runs the test's OnBlock instead (what another process would do meanwhile); blocking with no
// OnBlock fails the test rather than hanging it (a wait with a timeout lets the fake time reach its deadline instead). Interrupts are a flag: a started thread runs the test's
// OnThreadStart as soon as they are on, as a scheduler may run a new thread before its creator goes on.
namespace MeghaOS.Tests.Support;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Scheduling;
using MeghaOS.Syscalls;

/// <summary>Processes and system calls on the host.</summary>
public sealed unsafe class ProcessHarness : IDisposable
{
    /// <summary>Process-table slots.</summary>
    public const int Slots = 12;

    /// <summary>Where StartProcess maps each process's scratch memory.</summary>
    public const ulong DataBase = 0x40_0000;

    /// <summary>Pages of scratch memory.</summary>
    public const ulong DataPages = 8;

    /// <summary>Where a process's heap starts.</summary>
    public const ulong BreakBase = 0x100_0000;

    /// <summary>A user thread the fake machine was asked to start.</summary>
    public sealed record Thread(int Id, string Name, ulong Root, IntPtr Process, UserRegisters Registers);

    private static ProcessHarness? s_active;
    private readonly List<IntPtr> _memory = new();
    private readonly List<Thread> _waitingToRun = new();
    private int _nextThread = 100;
    private Process* _current;

    /// <summary>Boots the kernel state and the process layer with the limits given.</summary>
    public ProcessHarness(int limit = Slots, ulong frameLimit = 64)
    {
        Kernel = new KernelHarness();
        FakeAddressSpace.Reset();
        s_active = this;
        var table = (Process*)Allocate((ulong)(sizeof(Process) * Slots));
        var files = (OpenFile*)Allocate((ulong)(sizeof(OpenFile) * 48));
        var pipes = (Pipe*)Allocate((ulong)(sizeof(Pipe) * 4));
        OpenFileTable.Initialize(files, 48, pipes, 4);
        ProcessTable.Initialize(table, Slots, limit, frameLimit, FakeAddressSpace.Operations, Machine(), Services());
        ConsoleLineDiscipline.Reset();
        SyscallDispatcher.ResetReports();
        ProgramLoader.SetLoader(null);
    }

    /// <summary>The kernel state underneath.</summary>
    public KernelHarness Kernel { get; }

    /// <summary>Threads started, in order.</summary>
    public List<Thread> Threads { get; } = new();

    /// <summary>When set, starting a thread fails.</summary>
    public bool FailThreads { get; set; }

    /// <summary>Runs when the current thread would block (the other side of the wait); null: blocking fails the test.</summary>
    public Action? OnBlock { get; set; }

    /// <summary>
    /// Runs as a newly started thread (current: its process) the first moment interrupts are on, which is before
    /// the call that started it returns; null: new threads do not run.
    /// </summary>
    public Action<Thread>? OnThreadStart { get; set; }

    /// <summary>Whether interrupts are on (the process layer turns them off and on through its services).</summary>
    public bool InterruptsOn { get; private set; } = true;

    /// <summary>Times a thread blocked.</summary>
    public int Blocks { get; private set; }

    /// <summary>Times the running thread ended (exit, a fault, a signal on the way out).</summary>
    public int ThreadExits { get; private set; }

    /// <summary>Times a wait queue was woken with interrupts on.</summary>
    public int WakesWithInterruptsOn { get; private set; }

    /// <summary>Times a wait queue was woken with interrupts off.</summary>
    public int WakesWithInterruptsOff { get; private set; }

    /// <summary>Threads detached from their ending process, by id, and whether interrupts were on then.</summary>
    public List<(int Thread, bool InterruptsOn)> DetachedThreads { get; } = new();

    /// <summary>Threads woken for a pending signal, by id.</summary>
    public List<int> InterruptedThreads { get; } = new();

    /// <summary>The address-space root the scheduler was last told each thread runs in.</summary>
    public Dictionary<int, ulong> ThreadSpaces { get; } = new();

    /// <summary>The root of the vm's active space when the scheduler was last told each thread's space.</summary>
    public Dictionary<int, ulong> ActiveWhenThreadSpaceSet { get; } = new();

    /// <summary>Times sched_yield gave up the CPU.</summary>
    public int Yields { get; private set; }

    /// <summary>The fake uptime (ns).</summary>
    public ulong Now { get; set; } = 1_000_000_000;

    /// <summary>The registers of the last <see cref="Call"/> after it returned.</summary>
    public UserRegisters Registers;

    /// <summary>The process the next system call runs as.</summary>
    public Process* Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>
    /// Starts a process with a fresh space holding DataPages writable pages at DataBase, the console on 0-2 when
    /// <paramref name="console"/>, and makes it current. Returns its table entry.
    /// </summary>
    public Process* StartProcess(string name = "test", int parent = 0, bool console = true)
    {
        AddressSpace space = FakeAddressSpace.New(ProcessTable.FrameLimit);
        FakeAddressSpace.MapForTest(space, DataBase, DataPages * 4096);
        UserRegisters registers = default;
        registers.Rip = 0x1000;
        registers.Rsp = DataBase + DataPages * 4096;
        int pid = ProcessTable.Create(Encoding.ASCII.GetBytes(name), parent, space, registers, BreakBase, console);
        if (pid < 0)
        {
            throw new InvalidOperationException("create failed: " + pid);
        }

        _current = ProcessTable.Find(pid);
        return _current;
    }

    /// <summary>Runs system call <paramref name="number"/> as <see cref="Current"/> and returns Rax as a signed value.</summary>
    public long Call(long number, ulong a0 = 0, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0)
    {
        Registers = default;
        Registers.Rax = (ulong)number;
        Registers.Rdi = a0;
        Registers.Rsi = a1;
        Registers.Rdx = a2;
        Registers.R10 = a3;
        Registers.R8 = a4;
        Registers.R9 = a5;
        Registers.Rip = 0x1234;
        Registers.Rsp = DataBase + 0x800;
        fixed (UserRegisters* registers = &Registers)
        {
            SyscallDispatcher.Dispatch(registers);
        }

        return (long)Registers.Rax;
    }

    /// <summary>Writes bytes into the current process's memory.</summary>
    public void Poke(ulong address, byte[] bytes) => FakeAddressSpace.Poke(_current->Space, address, bytes);

    /// <summary>Writes a NUL-terminated ASCII string and returns its address.</summary>
    public ulong PutString(ulong address, string text)
    {
        Poke(address, Encoding.ASCII.GetBytes(text + "\0"));
        return address;
    }

    /// <summary>Reads bytes of the current process's memory.</summary>
    public byte[] Peek(ulong address, int length) => FakeAddressSpace.Peek(_current->Space, address, length);

    /// <summary>Reads a little-endian int.</summary>
    public int PeekInt32(ulong address) => BitConverter.ToInt32(Peek(address, 4));

    /// <summary>Reads a little-endian ulong.</summary>
    public ulong PeekUInt64(ulong address) => BitConverter.ToUInt64(Peek(address, 8));

    /// <summary>The PAB as bytes.</summary>
    public static byte[] Pab => MeghaOS.Memory.Pmm.Pab.ToArray();

    /// <summary>Forgets everything.</summary>
    public void Dispose()
    {
        ProcessTable.Reset();
        OpenFileTable.Reset();
        ConsoleLineDiscipline.Reset();
        ProgramLoader.SetLoader(null);
        FakeAddressSpace.Reset();
        s_active = null;
        Kernel.Dispose();
        foreach (IntPtr block in _memory)
        {
            NativeMemory.Free((void*)block);
        }
    }

    private void* Allocate(ulong bytes)
    {
        void* memory = NativeMemory.AllocZeroed((nuint)bytes);
        _memory.Add((IntPtr)memory);
        return memory;
    }

    private static ProcessMachine Machine()
    {
        ProcessMachine machine = default;
        machine.SpawnUserThread = &Spawn;
        return machine;
    }

    private static ProcessServices Services()
    {
        ProcessServices services = default;
        services.Current = &CurrentProcess;
        services.DisableInterrupts = &DisableInterrupts;
        services.RestoreInterrupts = &RestoreInterrupts;
        services.Block = &Block;
        services.BlockUntil = &BlockUntil;
        services.WakeAll = &WakeAll;
        services.Interrupt = &Interrupt;
        services.DetachThread = &DetachThread;
        services.ExitThread = &ExitThread;
        services.SetAddressSpace = &SetAddressSpace;
        services.Yield = &Yield;
        services.SleepUntil = &SleepUntil;
        services.UptimeNanoseconds = &Uptime;
        services.Entropy = &Entropy;
        return services;
    }

    private static int Spawn(ReadOnlySpan<byte> name, AddressSpace space, void* process, UserRegisters* registers)
    {
        ProcessHarness harness = s_active!;
        if (harness.FailThreads)
        {
            return -1;
        }

        int id = harness._nextThread++;
        var thread = new Thread(id, Encoding.ASCII.GetString(name), space.Root, (IntPtr)process, *registers);
        harness.Threads.Add(thread);
        if (harness.OnThreadStart != null)
        {
            harness._waitingToRun.Add(thread);
            harness.RunWaitingThreads();
        }

        return id;
    }

    // A thread started while interrupts were off runs once they are on again.
    private void RunWaitingThreads()
    {
        while (InterruptsOn && OnThreadStart != null && _waitingToRun.Count > 0)
        {
            Thread thread = _waitingToRun[0];
            _waitingToRun.RemoveAt(0);
            Process* creator = _current;
            _current = (Process*)thread.Process;
            OnThreadStart(thread);
            _current = creator;
        }
    }

    private static bool DisableInterrupts()
    {
        bool wereOn = s_active!.InterruptsOn;
        s_active.InterruptsOn = false;
        return wereOn;
    }

    private static void RestoreInterrupts(bool wereOn)
    {
        s_active!.InterruptsOn = wereOn;
        s_active.RunWaitingThreads();
    }

    private static Process* CurrentProcess() => s_active!._current;

    private static void Block(WaitQueue* queue)
    {
        ProcessHarness harness = s_active!;
        harness.Blocks++;
        Action? other = harness.OnBlock ?? throw new InvalidOperationException("the thread would block forever");
        harness.OnBlock = null;
        Process* sleeper = harness._current;
        other();
        harness._current = sleeper; // the blocked thread runs again
    }

    // A wait with a timeout: what another process does meanwhile (OnBlock) ends it, or with none the time passes.
    private static void BlockUntil(WaitQueue* queue, ulong deadline)
    {
        ProcessHarness harness = s_active!;
        if (harness.OnBlock != null)
        {
            Block(queue);
            return;
        }

        harness.Blocks++;
        if (harness.Now < deadline)
        {
            harness.Now = deadline;
        }
    }

    private static void WakeAll(WaitQueue* queue)
    {
        if (s_active!.InterruptsOn)
        {
            s_active.WakesWithInterruptsOn++;
        }
        else
        {
            s_active.WakesWithInterruptsOff++;
        }

        while (queue->TakeFirst() != null)
        {
        }
    }

    private static void Interrupt(int id) => s_active!.InterruptedThreads.Add(id);

    private static void DetachThread(int id) => s_active!.DetachedThreads.Add((id, s_active.InterruptsOn));

    private static void ExitThread() => s_active!.ThreadExits++;

    private static void SetAddressSpace(int id, ulong root)
    {
        s_active!.ThreadSpaces[id] = root;
        s_active.ActiveWhenThreadSpaceSet[id] = FakeAddressSpace.Active.Root;
    }

    private static void Yield() => s_active!.Yields++;

    private static void SleepUntil(ulong uptime)
    {
        if (s_active!.Now < uptime)
        {
            s_active.Now = uptime;
        }
    }

    private static ulong Uptime() => s_active!.Now;

    private static ulong Entropy() => (ulong)s_active!.Threads.Count * 7919 + s_active.Now;
}
