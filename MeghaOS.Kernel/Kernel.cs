// The MeghaOS kernel proper, in the Cosmos shape: BeforeRun prints the banner, the memory map and the PMM's figures;
// Run is one step of the read-eval loop (prompt, read a line from either console, run the command). Steady state
// allocates nothing: the line buffer is a field, output is formatted on the stack.
namespace MeghaOS;

using System;
using MeghaOS.Boot;
using MeghaOS.Devices;
using MeghaOS.Memory;

/// <summary>The MeghaOS kernel.</summary>
public sealed unsafe class Kernel : KernelBase
{
    /// <summary>The first line printed at boot.</summary>
    public const string Banner = "MeghaOS - a teaching OS in C# (x86-64, NativeAOT)";

    /// <summary>The prompt the read-eval loop prints; tests wait for it.</summary>
    public const string Prompt = "meghaos> ";

    /// <summary>Longest command line accepted.</summary>
    public const int MaxLineLength = 200;

    private readonly byte[] _line = new byte[MaxLineLength];

    /// <inheritdoc/>
    protected override void BeforeRun()
    {
        TerminalWriter.WriteLine(Banner);
        PrintMemoryMap();
        ReplCommands.PrintMemoryFigures();
        TerminalWriter.WriteLine("Type 'help' for the commands.");
    }

    /// <inheritdoc/>
    protected override void Run()
    {
        TerminalWriter.Write(Prompt);
        var line = new Span<byte>(_line);
        int length = LineEditor.ReadLine(line, out bool truncated);
        if (truncated)
        {
            TerminalWriter.Write("error: line too long (at most ");
            TerminalWriter.WriteDecimal(MaxLineLength);
            TerminalWriter.WriteLine(" characters); nothing was run");
            return;
        }

        ReplCommands.Execute(line.Slice(0, length));
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
            TerminalWriter.Write(TypeName(regions[i].Type));
            TerminalWriter.Write(" (");
            TerminalWriter.WriteKibibytes(regions[i].Length);
            TerminalWriter.WriteLine(")");
        }

        TerminalWriter.Write("usable RAM: ");
        TerminalWriter.WriteKibibytes(PhysicalMemory.UsableBytes);
        TerminalWriter.WriteLine();
        TerminalWriter.Write("PMM metadata: ");
        TerminalWriter.WriteHex(PhysicalMemory.Metadata.Base, 1);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteKibibytes(PhysicalMemory.Metadata.Length);
        TerminalWriter.WriteLine(")");
    }

    private static string TypeName(MemoryRegionType type)
    {
        switch (type)
        {
            case MemoryRegionType.Usable: return "usable";
            case MemoryRegionType.AcpiReclaimable: return "ACPI reclaimable";
            case MemoryRegionType.AcpiNvs: return "ACPI NVS";
            case MemoryRegionType.BadMemory: return "bad memory";
            default: return "reserved";
        }
    }
}
