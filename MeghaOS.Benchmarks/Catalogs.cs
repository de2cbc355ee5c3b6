// The implementations the benchmarks measure: exactly the kernel's catalogs, so a new implementation is benchmarked
// the moment its catalog line exists ([ParamsSource] reads these).
namespace MeghaOS.Benchmarks;

using System.Collections.Generic;
using System.Linq;
using MeghaOS.Memory;

/// <summary>Implementation names from the catalogs, for BenchmarkDotNet parameters.</summary>
public static class Catalogs
{
    /// <summary>Every PMM implementation's name, in catalog order.</summary>
    public static IEnumerable<string> PmmNames => PmmCatalog.All.ToArray().Select(implementation => implementation.Name);

    /// <summary>Every kernel heap implementation's name, in catalog order.</summary>
    public static IEnumerable<string> HeapNames => HeapCatalog.All.ToArray().Select(implementation => implementation.Name);

    /// <summary>Every scheduling policy's name, in catalog order.</summary>
    public static IEnumerable<string> SchedulerNames => MeghaOS.Scheduling.SchedulerCatalog.All.ToArray().Select(policy => policy.Name);

    /// <summary>The PMM implementation called <paramref name="name"/>.</summary>
    public static PmmImplementation Pmm(string name) => PmmCatalog.All.ToArray().Single(implementation => implementation.Name == name);
}
