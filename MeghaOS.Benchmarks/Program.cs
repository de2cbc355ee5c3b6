// Entry point: prints the metadata cost per frame of each implementation, then runs the benchmarks
// (arguments go to BenchmarkDotNet, e.g. --filter '*' --job short).
namespace MeghaOS.Benchmarks;

using System;
using BenchmarkDotNet.Running;
using MeghaOS.Memory;

/// <summary>The benchmark program.</summary>
public static class Program
{
    /// <summary>Prints metadata figures and runs BenchmarkDotNet with the given arguments.</summary>
    public static void Main(string[] args)
    {
        foreach (string implementation in Catalogs.PmmNames)
        {
            foreach (ulong gib in new ulong[] { 4, 64 })
            {
                ulong frames = gib << 18;
                ulong bytes = PmmSetup.MetadataBytes(implementation, frames);
                Console.WriteLine($"{implementation}: metadata for {gib} GiB ({frames} frames): {bytes} bytes, " +
                    $"{bytes * 8.0 / frames:F3} bits per frame");
            }
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
