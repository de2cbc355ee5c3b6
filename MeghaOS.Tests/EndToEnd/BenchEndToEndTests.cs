// End to end in QEMU: `bench` measures in the running kernel, prints a positive cycle figure for each measurement,
// and leaves the PAB and the heap figures as they were, and the PMM consistent (pmm check), under each implementation.
namespace MeghaOS.Tests.EndToEnd;

using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using Xunit;

[Collection("QEMU")]
public sealed class BenchEndToEndTests : SharedQemuTest
{
    private static readonly Regex BenchOutput = new(
        @"^pmm (bitmap|buddy): allocate\+free 1 frame: ([1-9][0-9]*) cycles\n" +
        @"heap (\S+): allocate\+free 64 bytes: ([1-9][0-9]*) cycles\n" +
        @"call: direct ([1-9][0-9]*) cycles, through an operations table ([1-9][0-9]*) cycles\n$");

    private readonly SharedQemuFixture _kernel;

    public BenchEndToEndTests(SharedQemuFixture kernel)
        : base(kernel)
    {
        _kernel = kernel;
    }

    [Theory]
    [InlineData("bitmap")]
    [InlineData("buddy")]
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
        Assert.Equal("", _kernel.Run("echo bitmap > /sys/pmm/implementation"));
    }

    private static string HeapInUse(string stats) => Regex.Match(stats, @"(?m)^bytes_in_use [0-9]+$").Value;
}
