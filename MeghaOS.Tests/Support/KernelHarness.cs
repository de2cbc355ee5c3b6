// Sets up, for one test, what the kernel sets up at boot: a heap, a terminal, the PMM subsystem with every
// implementation of the PMM catalog, the standard file tree and the shell. Dispose tears all global state down again.
namespace MeghaOS.Tests.Support;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Scheduling;
using MeghaOS.Shell;
using MeghaOS.Subsystems;

/// <summary>A booted kernel's global state, on the host.</summary>
public sealed unsafe class KernelHarness : IDisposable
{
    /// <summary>The memory map the harness's PMM is built from: 4 MiB with a hole, like a small PC.</summary>
    public static readonly MemoryRegion[] Map =
    {
        new MemoryRegion(0x0, 0x9F000, MemoryRegionType.Usable),
        new MemoryRegion(0x9F000, 0x61000, MemoryRegionType.Reserved),
        new MemoryRegion(0x100000, 0x300000, MemoryRegionType.Usable),
        new MemoryRegion(0xFFFC0000, 0x40000, MemoryRegionType.Reserved),
    };

    /// <summary>Frames managed: 4 MiB / 4 KiB.</summary>
    public const ulong FrameCount = 1024;

    private readonly List<IntPtr> _nativeMemory = new();

    /// <summary>Task slots of the scheduler the harness starts when asked to.</summary>
    public const int SchedulerTasks = 16;

    /// <summary>How often the fake machine was asked to reboot.</summary>
    public static int RebootCount;

    /// <summary>How often the fake machine was asked to halt.</summary>
    public static int HaltCount;

    /// <summary>How often the fake machine was asked to fault on purpose.</summary>
    public static int PanicCount;

    /// <summary>How often the shell asked the machine to overflow its stack.</summary>
    public static int StackOverflowCount;

    /// <summary>Times the shell asked the machine to run data (panic exec).</summary>
    public static int ExecuteDataCount;

    /// <summary>The ring 3 probes the shell asked the fake machine to run, in order (it knows "known" and "bench").</summary>
    public static readonly List<string> UserProbeRuns = new();

    /// <summary>Programs the shell's run command asked the machine to start: path, then argv and envp.</summary>
    public static readonly List<(string Path, string[] Arguments, string[] Environment)> ProgramStarts = new();

    /// <summary>What the fake machine's StartProgram answers: a process id, or -errno.</summary>
    public static int ProgramStartResult = 7;

    /// <summary>
    /// Boots: heap, terminal, PMM, file tree, shell. The PMM subsystem is the kernel's: every implementation of the
    /// PMM catalog registered with its own metadata, the catalog's default active. With
    /// <paramref name="brokenImplementation"/> a copy of the default named "broken" is registered last, whose metadata
    /// is too small, so switching to it is refused.
    /// </summary>
    public KernelHarness(bool brokenImplementation = false, bool scheduler = false)
    {
        TestHeap.Install();
        CapturingTerminal.Install();
        Pmm.Reset();
        Timer.Reset();
        Vfs.Reset();
        SubsystemRegistry.Reset();
        PmmSubsystem.Reset();
        CommandShell.Reset();
        RebootCount = 0;
        HaltCount = 0;
        PanicCount = 0;
        StackOverflowCount = 0;
        ExecuteDataCount = 0;

        var regions = (MemoryRegion*)Allocate((ulong)(sizeof(MemoryRegion) * Map.Length));
        for (int i = 0; i < Map.Length; i++)
        {
            regions[i] = Map[i];
        }

        PmmSubsystem.SetMemoryMap(regions, Map.Length, null, 0);
        foreach (PmmImplementation implementation in PmmCatalog.All)
        {
            ulong bytes = implementation.MetadataBytes(FrameCount);
            Check(PmmSubsystem.Register(implementation, Allocate(bytes), bytes) == RegistrationStatus.Success);
        }

        if (brokenImplementation)
        {
            PmmImplementation broken = PmmCatalog.All[0];
            broken.Name = "broken";
            Check(PmmSubsystem.Register(broken, Allocate(1), 1) == RegistrationStatus.Success);
        }

        Check(SubsystemRegistry.ActivateDefault(PmmSubsystem.Id) == ActivationStatus.Success);
        Scheduler.Reset();
        SchedulerSubsystem.Reset();
        if (scheduler)
        {
            // As at boot, without a machine: tasks are kept in the books but never execute.
            var tasks = (SchedulerTask*)Allocate((ulong)(sizeof(SchedulerTask) * SchedulerTasks));
            Check(SchedulerSubsystem.Initialize(SchedulerCatalog.All, tasks, SchedulerTasks, default, 10_000_000, &IdleTask));
        }

        Check(FileSystemSetup.MountStandardTree() == VfsStatus.Success);

        MachineOperations machine = default;
        machine.Reboot = &Reboot;
        machine.Halt = &Halt;
        machine.Panic = &Panic;
        machine.OverflowStack = &OverflowStack;
        machine.ExecuteData = &ExecuteData;
        machine.RunUserProbe = &RunUserProbe;
        machine.WriteUserProbeNames = &WriteUserProbeNames;
        machine.StartProgram = &StartProgram;
        UserProbeRuns.Clear();
        ProgramStarts.Clear();
        ProgramStartResult = 7;
        Check(CommandShell.Initialize(machine));
        CapturingTerminal.Take();
    }

    /// <summary>Runs one shell line (as if typed and Enter pressed) and returns what it printed.</summary>
    public static string Run(string line)
    {
        CapturingTerminal.Take();
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(line);
        CommandShell.Execute(bytes);
        return CapturingTerminal.Take();
    }

    /// <summary>Feeds raw input bytes to the shell (line editor included) and returns what it printed.</summary>
    public static string Type(string input)
    {
        CapturingTerminal.Take();
        foreach (char c in input)
        {
            CommandShell.Feed((byte)c);
        }

        return CapturingTerminal.Take();
    }

    /// <summary>Reads a whole file through the VFS.</summary>
    public static byte[] ReadAll(string path)
    {
        byte[] name = System.Text.Encoding.ASCII.GetBytes(path);
        Check(Vfs.Open(name, VfsOpenMode.Read, out VfsFile file) == VfsStatus.Success);
        var result = new System.Collections.Generic.List<byte>();
        byte[] chunk = new byte[100];
        for (ulong offset = 0; ; )
        {
            Check(Vfs.Read(file, offset, chunk, out int count) == VfsStatus.Success);
            if (count == 0)
            {
                return result.ToArray();
            }

            for (int i = 0; i < count; i++)
            {
                result.Add(chunk[i]);
            }

            offset += (ulong)count;
        }
    }

    /// <summary>Reads a whole text file through the VFS.</summary>
    public static string ReadText(string path) => System.Text.Encoding.Latin1.GetString(ReadAll(path));

    /// <summary>Tears the global state down.</summary>
    public void Dispose()
    {
        int vfsLockDepth = Vfs.LockDepth;
        CommandShell.Reset();
        Vfs.Reset();
        SubsystemRegistry.Reset();
        Pmm.Reset();
        Timer.Reset();
        Terminal.Reset();
        PmmSubsystem.Reset();
        Scheduler.Reset();
        SchedulerSubsystem.Reset();
        foreach (IntPtr memory in _nativeMemory)
        {
            NativeMemory.Free((void*)memory);
        }

        if (vfsLockDepth != 0)
        {
            throw new InvalidOperationException("a VFS call returned without leaving the VFS lock (depth " + vfsLockDepth + ")");
        }
    }

    // Zeroed native memory, freed by Dispose.
    private void* Allocate(ulong bytes)
    {
        void* memory = NativeMemory.AllocZeroed((nuint)bytes);
        _nativeMemory.Add((IntPtr)memory);
        return memory;
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("test harness set-up failed");
        }
    }

    private static void IdleTask(void* argument)
    {
    }

    private static void Reboot(void* context) => RebootCount++;

    private static void Halt(void* context) => HaltCount++;

    private static void Panic(void* context) => PanicCount++;

    private static void OverflowStack(void* context) => StackOverflowCount++;

    private static void ExecuteData(void* context) => ExecuteDataCount++;

    private static int StartProgram(void* context, ReadOnlySpan<byte> path, MeghaOS.Syscalls.ExecArguments* arguments)
    {
        var strings = new List<string>();
        int offset = 0;
        for (int i = 0; i < arguments->ArgumentCount + arguments->EnvironmentCount; i++)
        {
            strings.Add(System.Text.Encoding.Latin1.GetString(arguments->Next(ref offset)));
        }

        ProgramStarts.Add((System.Text.Encoding.Latin1.GetString(path), strings.GetRange(0, arguments->ArgumentCount).ToArray(),
            strings.GetRange(arguments->ArgumentCount, arguments->EnvironmentCount).ToArray()));
        return ProgramStartResult;
    }

    private static bool RunUserProbe(void* context, ReadOnlySpan<byte> name)
    {
        string text = System.Text.Encoding.ASCII.GetString(name);
        UserProbeRuns.Add(text);
        return text == "known" || text == "bench";
    }

    private static void WriteUserProbeNames(void* context) => Terminal.Write("known"u8);
}
