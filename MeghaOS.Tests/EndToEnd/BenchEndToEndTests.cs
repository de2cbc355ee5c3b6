// End to end in QEMU: `bench` measures in the running kernel, prints a positive cycle figure for each measurement,
// and leaves the PAB and the heap figures as they were, and the PMM consistent (pmm check), under each implementation.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class BenchEndToEndTests : SharedQemuTest
{
    private static readonly Regex BenchOutput = new(
        @"^pmm (\S+): allocate\+free 1 frame: ([1-9][0-9]*) cycles\n" +
        @"heap (\S+): allocate\+free 64 bytes: ([1-9][0-9]*) cycles\n" +
        @"call: direct ([1-9][0-9]*) cycles, through an operations table ([1-9][0-9]*) cycles\n" +
        @"sched (\S+): context switch: ([1-9][0-9]*) cycles \(4000 switches\)\n$");

    private readonly SharedQemuFixture _kernel;

    public BenchEndToEndTests(SharedQemuFixture kernel)
        : base(kernel)
    {
        _kernel = kernel;
    }

    public static TheoryData<string> Implementations
    {
        get
        {
            TheoryData<string> data = new();
            foreach (string name in CatalogText.PmmNames)
            {
                data.Add(name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void BenchMeasuresAndChangesNothing(string implementation)
    {
        Assert.Equal("", _kernel.Run("echo " + implementation + " > /sys/pmm/implementation"));
        string pabBefore = _kernel.Run("cat /dev/pab");
        string heapBefore = HeapInUse(_kernel.Run("cat /sys/heap/stats"));
        Assert.StartsWith("bytes_in_use ", heapBefore);

        string output = _kernel.Run("bench");

        Match match = BenchOutput.Match(output);
        Assert.True(match.Success, output);
        Assert.Equal(implementation, match.Groups[1].Value);
        Assert.Equal(pabBefore, _kernel.Run("cat /dev/pab"));
        Assert.Equal(heapBefore, HeapInUse(_kernel.Run("cat /sys/heap/stats")));
        Assert.Matches(ShellTranscript.ConsistentPattern(implementation), _kernel.Run("pmm check"));
        Assert.Equal("", _kernel.Run("echo " + CatalogText.DefaultPmm + " > /sys/pmm/implementation"));
        Assert.Equal(2, TaskLines(_kernel.Run("ps"))); // the partner task is gone again
    }

    private static int TaskLines(string ps) => ps.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

    private static string HeapInUse(string stats) => Regex.Match(stats, @"(?m)^bytes_in_use [0-9]+$").Value;
}
