// The metadata table in docs/pmm.md and the README (bytes per implementation at 1 GiB, 64 GiB and 1 TiB, printed by
// `dotnet run -c Release --project MeghaOS.Benchmarks -- --metadata`) must be what the descriptors' MetadataBytes
// say today, and every implementation must manage 1 TiB (issue 12), so neither document can go stale silently.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using MeghaOS.Memory;
using MeghaOS.Tests.Docs;
using Xunit;

public sealed class MetadataTableTests
{
    private static readonly ulong[] s_gibibytes = { 1, 64, 1024 };

    [Theory]
    [MemberData(nameof(PmmImplementations.Names), MemberType = typeof(PmmImplementations))]
    public void EveryImplementationManagesOneTebibyte(string name)
    {
        PmmImplementation implementation = PmmImplementations.Named(name);
        Assert.True(implementation.MaxFrames >= 1UL << 28, name + " manages " + implementation.MaxFrames + " frames");
        Assert.NotEqual(0UL, implementation.MetadataBytes(1UL << 28));
    }

    [Theory]
    [InlineData("docs/pmm.md")]
    [InlineData("README.md")]
    public void TheDocumentedTableHoldsTodaysBytes(string document)
    {
        string[] lines = File.ReadAllLines(Path.Combine(SourceReferences.FindRoot(), document));
        foreach (PmmImplementation implementation in PmmImplementations.All)
        {
            string? row = lines.FirstOrDefault(line => line.StartsWith("| " + implementation.Name + " | ", StringComparison.Ordinal)
                && line.Contains(" B (", StringComparison.Ordinal));
            Assert.True(row != null, document + " has no metadata row for " + implementation.Name);
            string[] cells = row!.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1 + s_gibibytes.Length, cells.Length);
            for (int i = 0; i < s_gibibytes.Length; i++)
            {
                ulong bytes = implementation.MetadataBytes(s_gibibytes[i] << 18);
                Assert.StartsWith(bytes.ToString("N0", CultureInfo.InvariantCulture) + " B (", cells[1 + i]);
            }
        }
    }
}
