// The MeghaOS kernel proper, in the Cosmos shape. BeforeRun prints the banner and the memory map, applies the
// command line's subsystem choices (every subsystem registered its catalog at boot), mounts the file tree (/, /dev,
// /sys), copies /bin out of the initial ramdisk and starts /bin/init (or, without it, the kernel's shell); Run hands the shell one input byte at a time (serial and keyboard share one queue). Steady state allocates no managed objects: the shell
// keeps its line and history in heap memory taken once, and formats output on the stack.
namespace MeghaOS;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Boot;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Processes;
using MeghaOS.Shell;
using MeghaOS.Subsystems;

/// <summary>The MeghaOS kernel.</summary>
public sealed unsafe class Kernel : KernelBase
{
    /// <summary>The first line printed at boot.</summary>
    public const string Banner = "MeghaOS - a teaching OS in C# (x86-64, NativeAOT)";

    /// <inheritdoc/>
    protected override void BeforeRun()
    {
        TerminalWriter.WriteLine(Banner);
        PrintMemoryMap();
        SubsystemSetup.ApplyCommandLine();
        if (FileSystemSetup.MountStandardTree() != VfsStatus.Success)
        {
            Panic.Halt("the file tree (/, /dev, /sys) could not be mounted");
        }

        BootRamdisk.Install();

        if (!CommandShell.Initialize(KernelMachine.Operations))
        {
            Panic.Halt("the shell could not get memory for its line and history");
        }

        CommandShell.Execute("mem"u8);

        // /bin/init takes the console when it exists; the kernel's shell is the fall-back (and init=none asks for it).
        if (!UserPrograms.StartInit(SubsystemSetup.InitPath))
        {
            TerminalWriter.WriteLine("Type 'help' for the commands.");
            CommandShell.WritePrompt();
        }
    }

    /// <inheritdoc/>
    protected override void Run()
    {
        // While a user program is in the foreground, typed bytes go to its console line discipline (docs/processes.md).
        byte value = InputQueue.DequeueWaiting();
        if (ConsoleLineDiscipline.IsActive)
        {
            ConsoleLineDiscipline.Receive(value);
        }
        else
        {
            CommandShell.Feed(value);
        }
    }

    private static void PrintMemoryMap()
    {
        TerminalWriter.WriteLine("memory map (from the Multiboot loader):");
        ReadOnlySpan<MemoryRegion> regions = PhysicalMemory.Regions;
        for (int i = 0; i < regions.Length; i++)
        {
            TerminalWriter.Write("  ");
            TerminalWriter.WriteHex(regions[i].Base, 12);
            TerminalWriter.Write("-");
            TerminalWriter.WriteHex(regions[i].End - 1, 12);
            TerminalWriter.Write(" ");
            TerminalWriter.Write(MemoryRegionTypeNames.Of(regions[i].Type));
            TerminalWriter.Write(" (");
            TerminalWriter.WriteKibibytes(regions[i].Length);
            TerminalWriter.WriteLine(")");
        }

        TerminalWriter.Write("usable RAM: ");
        TerminalWriter.WriteKibibytes(PhysicalMemory.UsableBytes);
        TerminalWriter.WriteLine();
        PrintDirectMap();
        ReadOnlySpan<PmmImplementation> catalog = PmmCatalog.All;
        ReadOnlySpan<PhysicalRange> metadata = PhysicalMemory.Metadata;
        for (int i = 0; i < metadata.Length; i++)
        {
            PrintMetadata(catalog[i].Name, metadata[i]);
        }
    }

    // "direct map: 1024 GiB of physical address space at 0xffff800000000000 (2 MiB pages, 52 KiB of page tables)".
    private static void PrintDirectMap()
    {
        TerminalWriter.Write("direct map: ");
        TerminalWriter.WriteDecimal(PhysicalMemory.DirectMapBytes >> 30);
        TerminalWriter.Write(" GiB of physical address space at 0xffff800000000000 (");
        ulong tables = PhysicalMemory.DirectMapTableBytes;
        if (tables == 0)
        {
            TerminalWriter.WriteLine("boot page tables only)");
            return;
        }

        TerminalWriter.Write(PhysicalMemory.DirectMapUsesGigabytePages ? "1 GiB pages, " : "2 MiB pages, ");
        TerminalWriter.WriteDecimal(tables >> 10);
        TerminalWriter.WriteLine(" KiB of page tables)");
        TerminalWriter.WriteLine(UserMode.HasNoExecute ? "direct map: not executable (NX)" : "direct map: executable (the CPU lacks NX)");
    }

    // "PMM metadata (buddy): 0x123000 (1234 KiB)", or "PMM metadata (buddy): none (left out)".
    private static void PrintMetadata(string name, PhysicalRange range)
    {
        TerminalWriter.Write("PMM metadata (");
        TerminalWriter.Write(name);
        TerminalWriter.Write("): ");
        if (range.Length == 0)
        {
            TerminalWriter.WriteLine("none (left out)");
            return;
        }

        TerminalWriter.WriteHex(range.Base, 1);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteKibibytes(range.Length);
        TerminalWriter.WriteLine(")");
    }
}
