// The commands of the boot-time minimal read-eval loop: help, mem (PMM, heap and allocation figures), panic (a
// deliberate null dereference, to show the fault handler). The full shell (Shell/) is wired in separately (issue 4).
namespace MeghaOS.Devices;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Memory;
using MeghaOS.Runtime;

/// <summary>Parses and runs one command line.</summary>
internal static unsafe class ReplCommands
{
    // Read at run time so the compiler cannot see that `panic` dereferences null.
    private static ulong s_nullAddress;

    /// <summary>Runs <paramref name="line"/>; unknown commands get a one-line error.</summary>
    internal static void Execute(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> command = Trim(line);
        if (command.Length == 0)
        {
            return;
        }

        if (TextEquals(command, "help"))
        {
            TerminalWriter.WriteLine("commands:");
            TerminalWriter.WriteLine("  help   this list");
            TerminalWriter.WriteLine("  mem    physical memory (PMM), kernel heap and managed allocation figures");
            TerminalWriter.WriteLine("  panic  dereference null on purpose: the page fault handler halts the machine");
        }
        else if (TextEquals(command, "mem"))
        {
            PrintMemoryFigures();
        }
        else if (TextEquals(command, "panic"))
        {
            TerminalWriter.WriteLine("dereferencing a null pointer...");
            *(ulong*)s_nullAddress = 0xDEAD;
        }
        else
        {
            TerminalWriter.Write("error: unknown command '");
            Terminal.Write(command);
            TerminalWriter.WriteLine("' (type 'help')");
        }
    }

    /// <summary>Prints the PMM's, the heap's and the allocator's figures (the `mem` command; also at boot).</summary>
    internal static void PrintMemoryFigures()
    {
        PmmCounts counts = Pmm.Counts;
        TerminalWriter.Write("pmm: ");
        TerminalWriter.WriteLine(Pmm.ImplementationName);
        PrintFrames("  total frames:     ", counts.TotalFrames);
        PrintFrames("  free frames:      ", counts.FreeFrames);
        PrintFrames("  reserved frames:  ", counts.ReservedFrames);
        PrintFrames("  allocated frames: ", counts.AllocatedFrames);

        HeapStats heap = Heap.Stats;
        TerminalWriter.Write("heap: ");
        TerminalWriter.Write(Heap.ImplementationName);
        TerminalWriter.Write(", ");
        TerminalWriter.WriteDecimal(heap.BytesInUse);
        TerminalWriter.Write(" bytes in use in ");
        TerminalWriter.WriteDecimal(heap.BlocksInUse);
        TerminalWriter.Write(" blocks, ");
        TerminalWriter.WriteDecimal(heap.BytesFree);
        TerminalWriter.Write(" bytes free, ");
        TerminalWriter.WriteDecimal(KernelHeap.FramesHeld);
        TerminalWriter.WriteLine(" frames from the PMM");

        TerminalWriter.Write("managed objects: ");
        TerminalWriter.WriteDecimal(ObjectAllocator.ObjectCount);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteDecimal(ObjectAllocator.ByteCount);
        TerminalWriter.WriteLine(" bytes) since boot");

        TerminalWriter.Write("uptime: ");
        TerminalWriter.WriteDecimal(Timer.UptimeNanoseconds / 1_000_000);
        TerminalWriter.Write(" ms (");
        TerminalWriter.Write(Timer.ImplementationName);
        TerminalWriter.WriteLine(")");
    }

    private static void PrintFrames(string label, ulong frames)
    {
        TerminalWriter.Write(label);
        TerminalWriter.WriteDecimal(frames);
        TerminalWriter.Write(" (");
        TerminalWriter.WriteKibibytes(frames * PhysicalAddress.FrameSize);
        TerminalWriter.WriteLine(")");
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && text[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && text[end - 1] == (byte)' ')
        {
            end--;
        }

        return text.Slice(start, end - start);
    }

    private static bool TextEquals(ReadOnlySpan<byte> text, string expected)
    {
        if (text.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
