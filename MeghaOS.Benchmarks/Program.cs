// Entry point: prints the metadata each implementation needs at 1 GiB, 64 GiB and 1 TiB (from its descriptor's
// MetadataBytes, as a Markdown table), then runs the benchmarks (arguments go to BenchmarkDotNet, e.g.
// --filter '*' --job short). With --metadata it prints the table only: the command behind the table in the README
// and docs/pmm.md. With --paired it prints the paired single-frame table (PairedSingleFrame.cs) instead of running
// BenchmarkDotNet.
namespace MeghaOS.Benchmarks;

using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;

/// <summary>The benchmark program.</summary>
public static class Program
{
    /// <summary>Prints the metadata table and runs BenchmarkDotNet with the given arguments.</summary>
    public static void Main(string[] args)
    {
        PrintMetadataTable();
        if (args.Contains("--metadata"))
        {
            return;
        }

        if (args.Contains("--paired"))
        {
            PairedSingleFrame.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    // One row per implementation: metadata bytes (and bits per frame) for 1 GiB, 64 GiB and 1 TiB of frames.
    private static void PrintMetadataTable()
    {
        (string Name, ulong Gib)[] sizes = { ("1 GiB", 1), ("64 GiB", 64), ("1 TiB", 1024) };
        Console.WriteLine("| implementation | " + string.Join(" | ", sizes.Select(size => size.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (string implementation in Catalogs.PmmNames)
        {
            Console.Write("| " + implementation + " |");
            foreach ((_, ulong gib) in sizes)
            {
                ulong frames = gib << 18;
                ulong bytes = PmmSetup.MetadataBytes(implementation, frames);
                Console.Write(string.Create(CultureInfo.InvariantCulture, $" {bytes:N0} B ({Size(bytes)}, {bytes * 8.0 / frames:F2} bits/frame) |"));
            }

            Console.WriteLine();
        }
    }

    private static string Size(ulong bytes) => bytes >= 1UL << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 30):F2} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 20):F2} MiB");
}
