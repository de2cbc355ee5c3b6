// Wiring the user-program layers together at boot (docs/processes.md, "What the kernel wires"): the process layer
// over the vm facade and the x86-64 user mode, the ELF loader as execve's loader, the system-call and fault handlers,
// the signal check on every return to ring 3; then /bin/init as process 1 when it exists (boot option init=PATH
// chooses another program, init=none keeps the kernel's shell). A program the kernel starts runs in the foreground;
// a kernel task, spawned first, waits for it and, when it ends, says how and gives the console back to the kernel's shell, which is
// the fall-back whenever no program runs.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Programs;
using MeghaOS.Scheduling;
using MeghaOS.Shell;
using MeghaOS.Subsystems;
using MeghaOS.Syscalls;
using MeghaOS.Text;

/// <summary>Starts the process layer and the programs the kernel runs.</summary>
internal static unsafe class UserPrograms
{
    private const int InitArgumentBytes = 160;
    private const int Pending = -1;       // the waiter exists, the program is being started
    private const int NotStarted = -2;    // it could not be started

    // The program the kernel started and waits for (0: none).
    private static int s_watchedId;

    /// <summary>True once the process layer is up.</summary>
    internal static bool IsAvailable { get; private set; }

    /// <summary>Installs the process layer and its handlers; false (user programs unavailable) when the heap cannot.</summary>
    internal static bool Initialize()
    {
        if (!ProcessSetup.Initialize(AddressSpaces.Forwarding, UserMode.Operations))
        {
            return false;
        }

        ProgramLoader.SetLoader(&ElfExec.Load);
        UserMode.SystemCallHandler = &SyscallDispatcher.Dispatch;
        UserMode.FaultHandler = &EndOnFault;
        UserMode.ReturnToUserHandler = &Signals.DeliverPending;
        UserMode.FaultSignalHandler = &Signals.DeliverFault;
        Signals.FpStateArea = &UserMode.FpStateOf;
        IsAvailable = true;
        return true;
    }

    /// <summary>
    /// Starts the boot's first program (init=PATH, default /bin/init; init=none starts nothing). True when it runs,
    /// false when the kernel's shell should take the console (the reason is printed).
    /// </summary>
    internal static bool StartInit(ReadOnlySpan<byte> path)
    {
        if (!IsAvailable)
        {
            Terminal.Write("init: user programs are not available (no memory for the process tables)\n"u8);
            return false;
        }

        if (Bytes.Equal(path, "none"u8))
        {
            return false;
        }

        // A missing program is said at once, without a waiter task (no ramdisk: the usual -kernel boot).
        if (Vfs.Stat(path, out VfsStat _) != VfsStatus.Success)
        {
            Terminal.Write("init: "u8);
            Terminal.Write(path);
            Terminal.Write(": not found; the kernel's shell takes the console\n"u8);
            return false;
        }

        // argv is the program's name alone; envp the kernel's environment.
        byte* block = stackalloc byte[InitArgumentBytes];
        var strings = new Span<byte>(block, InitArgumentBytes);
        int length = Bytes.Copy(ProgramLoader.BaseName(path), strings.Slice(0, InitArgumentBytes - ExecArguments.KernelEnvironment.Length - 1));
        strings[length++] = 0;
        length += Bytes.Copy(ExecArguments.KernelEnvironment, strings.Slice(length));
        var arguments = new ExecArguments { Strings = block, Length = length, ArgumentCount = 1, EnvironmentCount = ExecArguments.KernelEnvironmentCount };
        int result = Start(path, &arguments);
        if (result < 0)
        {
            Terminal.Write("init: "u8);
            Terminal.Write(path);
            Terminal.Write(result == -Errno.ENOENT ? ": not found; the kernel's shell takes the console\n"u8
                : ": could not be started; the kernel's shell takes the console\n"u8);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Starts a program in the foreground (MachineOperations.StartProgram) and a kernel task that waits for it.
    /// Returns its process id or -errno.
    /// </summary>
    internal static int Start(ReadOnlySpan<byte> path, ExecArguments* arguments)
    {
        if (!IsAvailable)
        {
            return -Errno.ENOSYS;
        }

        if (s_watchedId != 0)
        {
            return -Errno.EBUSY;
        }

        // The waiter first, so that a program never runs without one to reap it and give the console back.
        s_watchedId = Pending;
        if (Scheduler.Spawn("wait-program"u8, 1, &WaitForProgram, null) < 0)
        {
            s_watchedId = 0;
            return -Errno.EAGAIN;
        }

        int id = ProgramLoader.Start(path, *arguments);
        s_watchedId = id < 0 ? NotStarted : id;
        return id;
    }

    // The waiter: blocks until the program ends, reaps it, reports it, and writes the kernel shell's prompt.
    private static void WaitForProgram(void* argument)
    {
        while (s_watchedId == Pending)
        {
            Scheduler.Yield();
        }

        int id = s_watchedId;
        if (id == NotStarted)
        {
            s_watchedId = 0; // the starter reported the failure; the shell writes its prompt itself
            return;
        }

        int result = ProcessTable.WaitForKernelChild(id, out int status);
        s_watchedId = 0;
        if (result >= 0)
        {
            Terminal.Write("[process "u8);
            SubsystemMessages.WriteDecimal((ulong)id);
            if ((status & 0x7F) == 0)
            {
                Terminal.Write(" exited with status "u8);
                SubsystemMessages.WriteDecimal((ulong)((status >> 8) & 0xFF));
            }
            else
            {
                Terminal.Write(" ended by signal "u8);
                SubsystemMessages.WriteDecimal((ulong)(status & 0x7F));
            }

            Terminal.Write("]\n"u8);
        }

        CommandShell.WritePrompt();
    }


    // The arch fault handler's shape over the process table's (which says whether a process was running).
    private static void EndOnFault(int signal, ulong address, ulong rip) => ProcessTable.EndCurrentOnFault(signal, address, rip);
}
