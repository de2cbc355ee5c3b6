// Sets up, for one test, what the kernel sets up at boot: a heap, a terminal, a PMM (the fake one, registered as two
// switchable implementations), the standard file tree and the shell. Dispose tears all global state down again.
namespace MeghaOS.Tests.Support;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
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

    private readonly void* _metadataFirst;
    private readonly void* _metadataSecond;
    private readonly PmmImplementationSlot* _slots;

    /// <summary>How often the fake machine was asked to reboot.</summary>
    public static int RebootCount;

    /// <summary>How often the fake machine was asked to halt.</summary>
    public static int HaltCount;

    /// <summary>How often the fake machine was asked to fault on purpose.</summary>
    public static int PanicCount;

    /// <summary>How often the shell asked the machine to overflow its stack.</summary>
    public static int StackOverflowCount;

    /// <summary>
    /// Boots: heap, terminal, PMM, file tree, shell. The PMM is the fake one ("first" active, "second" registered), or
    /// with <paramref name="realPmm"/> the real ones ("bitmap" active, "buddy" registered).
    /// </summary>
    public KernelHarness(bool failingThirdImplementation = false, bool realPmm = false)
    {
        TestHeap.Install();
        CapturingTerminal.Install();
        Pmm.Reset();
        Timer.Reset();
        Vfs.Reset();
        SubsystemRegistry.Reset();
        CommandShell.Reset();
        RebootCount = 0;
        HaltCount = 0;
        PanicCount = 0;
        StackOverflowCount = 0;

        ulong bytes = realPmm
            ? Math.Max(BitmapPmm.MetadataBytes(FrameCount), BuddyPmm.MetadataBytes(FrameCount))
            : FakePmm.MetadataBytes(FrameCount);
        _metadataFirst = NativeMemory.AllocZeroed((nuint)bytes);
        _metadataSecond = NativeMemory.AllocZeroed((nuint)bytes);
        _slots = (PmmImplementationSlot*)NativeMemory.AllocZeroed((nuint)(3 * sizeof(PmmImplementationSlot)));
        PmmOperations operations;
        if (realPmm)
        {
            Check(BitmapPmm.Create(_metadataFirst, bytes, Map, ReadOnlySpan<PhysicalRange>.Empty, out operations) == PmmStatus.Success);
            _slots[0].TakeOver = &BitmapPmm.TakeOver;
            _slots[1].TakeOver = &BuddyPmm.TakeOver;
            _slots[0].Check = &BitmapPmm.CheckConsistency;
            _slots[1].Check = &BuddyPmm.CheckConsistency;
        }
        else
        {
            // Reserved: frame 0, the hole 0x9F-0xFF, like the PMM's memory-map rules would make them.
            ulong[] reserved = new ulong[1 + 0x100 - 0x9F];
            reserved[0] = 0;
            for (int i = 1; i < reserved.Length; i++)
            {
                reserved[i] = (ulong)(0x9F + i - 1);
            }

            Check(FakePmm.Create(_metadataFirst, bytes, FrameCount, reserved, 0, out operations) == PmmStatus.Success);
            _slots[0].TakeOver = &FakePmm.TakeOverFirst;
            _slots[1].TakeOver = &FakePmm.TakeOverSecond;
        }

        Check(Pmm.SetOperations(operations) == PmmStatus.Success);
        _slots[0].Metadata = _metadataFirst;
        _slots[0].MetadataBytes = bytes;
        _slots[1].Metadata = _metadataSecond;
        _slots[1].MetadataBytes = bytes;
        _slots[2].TakeOver = &FakePmm.TakeOverFailing;
        Check(PmmSubsystem.Register(realPmm ? BitmapPmm.Name : "first", &_slots[0]));
        Check(PmmSubsystem.Register(realPmm ? BuddyPmm.Name : "second", &_slots[1]));
        if (failingThirdImplementation)
        {
            Check(PmmSubsystem.Register("broken", &_slots[2]));
        }

        Check(FileSystemSetup.MountStandardTree(Map) == VfsStatus.Success);

        MachineOperations machine = default;
        machine.Reboot = &Reboot;
        machine.Halt = &Halt;
        machine.Panic = &Panic;
        machine.OverflowStack = &OverflowStack;
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
        CommandShell.Reset();
        Vfs.Reset();
        SubsystemRegistry.Reset();
        Pmm.Reset();
        Timer.Reset();
        Terminal.Reset();
        NativeMemory.Free(_metadataFirst);
        NativeMemory.Free(_metadataSecond);
        NativeMemory.Free(_slots);
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("test harness set-up failed");
        }
    }

    private static void Reboot(void* context) => RebootCount++;

    private static void Halt(void* context) => HaltCount++;

    private static void Panic(void* context) => PanicCount++;

    private static void OverflowStack(void* context) => StackOverflowCount++;
}
