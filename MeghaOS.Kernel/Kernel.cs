// The MeghaOS kernel proper, in the Cosmos shape. BeforeRun prints the banner and the memory map, registers the
// switchable implementations, mounts the file tree (/, /dev, /sys) and starts the shell; Run hands the shell one
// input byte at a time (serial and keyboard share one queue). Steady state allocates no managed objects: the shell
// keeps its line and history in heap memory taken once, and formats output on the stack.
namespace MeghaOS;

using System;
using MeghaOS.Boot;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
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
        RegisterImplementations();
        SubsystemSetup.ApplyCommandLine();
        if (FileSystemSetup.MountStandardTree(PhysicalMemory.Regions) != VfsStatus.Success)
        {
            Panic.Halt("the file tree (/, /dev, /sys) could not be mounted");
        }

        if (!CommandShell.Initialize(KernelMachine.Operations))
        {
            Panic.Halt("the shell could not get memory for its line and history");
        }

        CommandShell.Execute("mem"u8);
        TerminalWriter.WriteLine("Type 'help' for the commands.");
        CommandShell.WritePrompt();
    }

    /// <inheritdoc/>
    protected override void Run()
    {
        CommandShell.Feed(InputQueue.DequeueWaiting());
    }

    // Every switchable implementation, one line each (see DEVELOPERS.md). Must run before MountStandardTree, which
    // creates /sys/SUBSYSTEM/implementation for every declared subsystem.
    private static void RegisterImplementations()
    {
        RegisterPmm(BitmapPmm.Name, PhysicalMemory.Metadata, &BitmapPmm.TakeOver, &BitmapPmm.CheckConsistency);
        RegisterPmm(BuddyPmm.Name, PhysicalMemory.BuddyMetadata, &BuddyPmm.TakeOver, &BuddyPmm.CheckConsistency);
        KernelHeap.Register();
        SubsystemSetup.RegisterConsoles();
        SubsystemSetup.RegisterTimers();
    }

    // A PMM implementation switches into the metadata reserved for it at boot, so a switch never allocates frames.
    private static void RegisterPmm(
        string name,
        PhysicalRange metadata,
        delegate*<void*, ulong, in FrameStateView, out PmmOperations, PmmStatus> takeOver,
        delegate*<in PmmOperations, PmmConsistency> check)
    {
        if (metadata.Length == 0)
        {
            return; // no room was found for it at boot: the kernel runs without it
        }

        var slot = (PmmImplementationSlot*)Heap.Allocate((nuint)sizeof(PmmImplementationSlot));
        if (slot == null)
        {
            Panic.Halt("no heap memory to register a PMM implementation");
        }

        slot->Metadata = (void*)metadata.Base;
        slot->MetadataBytes = metadata.Length;
        slot->TakeOver = takeOver;
        slot->Check = check;
        if (!PmmSubsystem.Register(name, slot))
        {
            Panic.Halt("a PMM implementation could not be registered");
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
        PrintMetadata("PMM metadata (bitmap): ", PhysicalMemory.Metadata);
        PrintMetadata("PMM metadata (buddy):  ", PhysicalMemory.BuddyMetadata);
    }

    private static void PrintMetadata(string label, PhysicalRange range)
    {
        TerminalWriter.Write(label);
        TerminalWriter.WriteHex(range.Base, 1);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteKibibytes(range.Length);
        TerminalWriter.WriteLine(")");
    }
}
