// Single-frame allocate + free, each implementation against the comparison-only reference bitmap, measured in
// alternating blocks in one process: implementation, reference, implementation, reference... on the same map. A
// BenchmarkDotNet run measures each benchmark in its own process minutes apart, so on a shared machine a change of
// load between two processes shows up in their ratio; here both sides of every ratio see the same moment, and the
// median of the blocks' ratios is printed beside the medians of their times. `dotnet run -c Release --project
// MeghaOS.Benchmarks -- --paired` (a figure to read, never asserted).
namespace MeghaOS.Benchmarks;

using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using MeghaOS.Memory;

/// <summary>The paired single-frame measurement: one Markdown table, implementations by maps.</summary>
public static unsafe class PairedSingleFrame
{
    private const int Blocks = 15;
    private const int WarmupBlocks = 3;
    private const int PairsPerBlock = 2_000_000;

    private static readonly (string Name, ulong Bytes, bool Full)[] Maps =
    {
        ("empty 4 GiB", 4UL << 30, false),
        ("99% full 4 GiB", 4UL << 30, true),
        ("empty 64 GiB", 64UL << 30, false),
    };

    /// <summary>Measures every implementation on every map and prints the table.</summary>
    public static void Run()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Paired single-frame allocate + free: {Blocks} blocks of {PairsPerBlock:N0} pairs per side after {WarmupBlocks} warm-up blocks; ns per pair, median of blocks; ratio: median of the blocks' ratios."));
        Console.WriteLine("| implementation | " + string.Join(" | ", Maps.Select(map => map.Name + ": ns (reference ns), ratio")) + " |");
        Console.WriteLine("|---|" + string.Concat(Maps.Select(_ => "---:|")));
        foreach (string implementation in Catalogs.PmmNames)
        {
            Console.Write("| " + implementation + " |");
            foreach ((string _, ulong bytes, bool full) in Maps)
            {
                (double time, double reference, double ratio) = Measure(implementation, bytes, full);
                Console.Write(string.Create(CultureInfo.InvariantCulture, $" {time:F2} ({reference:F2}), {ratio:F2} |"));
            }

            Console.WriteLine();
        }
    }

    private static (double Time, double Reference, double Ratio) Measure(string implementation, ulong bytes, bool full)
    {
        using PmmSetup setup = PmmSetup.Empty(implementation, bytes);
        if (full)
        {
            setup.Fragment(0.01, 0, 1);
        }

        using ReferenceBitmapAllocator reference = setup.Reference();
        PmmOperations operations = setup.Operations;
        PmmOperations referenceOperations = reference.Operations;
        double[] times = new double[Blocks];
        double[] referenceTimes = new double[Blocks];
        double[] ratios = new double[Blocks];
        for (int block = -WarmupBlocks; block < Blocks; block++)
        {
            double time = Block(ref operations);
            double referenceTime = Block(ref referenceOperations);
            if (block >= 0)
            {
                times[block] = time;
                referenceTimes[block] = referenceTime;
                ratios[block] = time / referenceTime;
            }
        }

        return (Median(times), Median(referenceTimes), Median(ratios));
    }

    // Nanoseconds per allocate + free pair through the table, as SingleFrameBenchmarks.AllocateFree calls it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Block(ref PmmOperations operations)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < PairsPerBlock; i++)
        {
            operations.Allocate(operations.Context, 1, 1, FrameOwner.Kernel, out PhysicalAddress address);
            operations.Deallocate(operations.Context, address, 1, FrameOwner.Kernel);
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / PairsPerBlock;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.OrderBy(value => value).ToArray();
        return sorted[sorted.Length / 2];
    }
}
