// ps over the kernel's /sys/processes format (docs/files.md) and pabstat over the PAB format (docs/pab.md) with the
// PMM's figures (/sys/pmm/stats): the host has neither file, so the tests write them, including the PAB document's
// worked example and a random bitmap whose counts the test works out itself. PsReadsTheKernelTableTests feeds ps the
// text the kernel itself produces.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.IO;
using System.Linq;
using System.Numerics;
using Xunit;

public sealed class ProcessAndPabProgramTests : IDisposable
{
    private readonly string _directory = UserProgramHost.NewTemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static string Stats(ulong total, ulong free, ulong allocated, ulong reserved) =>
        "implementation bitmap\nframe_size 4096\n" +
        $"total_frames {total}\nfree_frames {free}\nallocated_frames {allocated}\nreserved_frames {reserved}\n" +
        $"total_bytes {total * 4096}\nfree_bytes {free * 4096}\nallocated_bytes {allocated * 4096}\nreserved_bytes {reserved * 4096}\n";

    private const string Header = "  PID  PPID STATE   FRAMES THREAD NAME\n";

    [Fact]
    public void PsPrintsTheProcessTableAligned()
    {
        string path = Write("processes", Header +
            "    1     0 alive       12    104 init\n" +
            "    2     1 alive        9    105 sh\n" +
            "   17     2 alive   123456    130 ps\n" +
            "    9     1 zombie       0      0 cat\n");
        ProgramRun run = UserProgramHost.Run("ps", new[] { path });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "  PID  PPID STATE   FRAMES NAME\n" +
            "    1     0 alive       12 init\n" +
            "    2     1 alive        9 sh\n" +
            "   17     2 alive   123456 ps\n" +
            "    9     1 zombie       0 cat\n",
            run.Text);
    }

    [Fact]
    public void PsSplitsOnAnyRunOfBlanks()
    {
        string path = Write("processes", "PID PPID\tSTATE FRAMES THREAD NAME\n3\t 1 alive 7 200   my prog\n");
        ProgramRun run = UserProgramHost.Run("ps", new[] { path });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("  PID  PPID STATE   FRAMES NAME\n    3     1 alive        7 my prog\n", run.Text);
    }

    [Theory]
    [InlineData("PID PPID STATE NAME\n1 0 S init\n", "line 1: the header is not PID PPID STATE FRAMES THREAD NAME")]
    [InlineData(Header + "    1     0 alive 1 2 init\n  PID  PPID STATE   FRAMES THREAD NAME  extra\n",
        "line 3: PID, PPID, FRAMES and THREAD must be numbers")]
    [InlineData(Header + "    1     0 alive 1 2 init\n    x     0 alive 1 2 sh\n", "line 3: PID, PPID, FRAMES and THREAD must be numbers")]
    [InlineData(Header + "    1     0 alive 1 two init\n", "line 2: PID, PPID, FRAMES and THREAD must be numbers")]
    [InlineData(Header + "    1     0 S 1 2 init\n", "line 2: STATE must be alive or zombie")]
    [InlineData(Header + "    1     0 alive 1 2\n", "line 2: expected PID PPID STATE FRAMES THREAD NAME")]
    [InlineData(Header + "    1     0\n", "line 2: expected PID PPID STATE FRAMES THREAD NAME")]
    [InlineData(Header + "\n", "line 2: expected PID PPID STATE FRAMES THREAD NAME")]
    [InlineData("  PID  PPID STATE   FRAMES THREAD\n", "line 1: the header is not PID PPID STATE FRAMES THREAD NAME")]
    [InlineData("", "empty (expected the header PID PPID STATE FRAMES THREAD NAME)")]
    public void PsRejectsAMalformedTableAndPrintsNothing(string table, string problem)
    {
        string path = Write("processes", table);
        ProgramRun run = UserProgramHost.Run("ps", new[] { path });
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Text);
        Assert.Equal("ps: " + path + ": " + problem + "\n", run.Error);
    }

    [Fact]
    public void PsWithoutSysProcessesSaysSo()
    {
        ProgramRun run = UserProgramHost.Run("ps", Array.Empty<string>());
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("ps: /sys/processes: No such file or directory\n", run.Error);
    }

    [Fact]
    public void PabStatOfTheDocumentExampleAgreesWithTheStats()
    {
        // docs/pab.md: 13 frames, PAB E9 E4, 7 free, 6 reserved.
        string pab = Write("pab", new byte[] { 0xE9, 0xE4 });
        string stats = Write("stats", Stats(13, 7, 0, 6));
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { pab, stats });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "frames 13\nused 6\nfree 7\n" +
            "stats agree: free_frames 7, allocated_frames + reserved_frames 6\n" +
            "map: each character is 1 frame (4 KiB): '.' all free, '+' partly used, '#' all used\n" +
            "0x0000000000000000 #..#.###..#..\n",
            run.Text);
    }

    [Fact]
    public void PabStatCountsARandomBitmapAndDrawsACoarseMap()
    {
        var random = new Random(10);
        const int total = 70_001;
        byte[] pab = new byte[(total + 7) / 8];
        random.NextBytes(pab);
        pab[0] = 0xFF; // the first 8 frames used: the first map cell is '#' or '+', never '.'
        pab[^1] |= unchecked((byte)(0xFF << (total % 8))); // bits past the last frame read as 1
        ulong used = 0;
        for (int frame = 0; frame < total; frame++)
        {
            used += (ulong)((pab[frame / 8] >> (frame % 8)) & 1);
        }

        string stats = Write("stats", Stats(total, total - used, 100, used - 100));
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { Write("pab", pab), stats });
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Text.TrimEnd('\n').Split('\n');
        Assert.Equal($"frames {total}", lines[0]);
        Assert.Equal($"used {used}", lines[1]);
        Assert.Equal($"free {total - (int)used}", lines[2]);
        Assert.StartsWith("stats agree:", lines[3]);
        // 1024 cells at most: ceil(70001 / 1024) = 69 frames each, so 1015 cells in 16 rows.
        Assert.Equal("map: each character is 69 frames (276 KiB): '.' all free, '+' partly used, '#' all used", lines[4]);
        Assert.Equal(16, lines.Length - 5);
        Assert.Equal("0x0000000000000000 ", lines[5].Substring(0, 19));
        Assert.Equal($"0x{64 * 69 * 4096:x16} ", lines[6].Substring(0, 19));
        Assert.Equal(1015, lines.Skip(5).Sum(line => line.Length - 19));
        Assert.All(lines.Skip(5), line => Assert.True(line.Substring(19).All(c => c == '#' || c == '+' || c == '.')));
    }

    [Fact]
    public void PabStatReportsDisagreementWithTheStats()
    {
        string pab = Write("pab", new byte[] { 0xE9, 0xE4 });
        string stats = Write("stats", Stats(13, 8, 0, 5));
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { pab, stats });
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("stats DISAGREE: free_frames 8, allocated_frames + reserved_frames 5\n", run.Text);
    }

    [Theory]
    [InlineData(1, "1 bytes")]
    [InlineData(3, "more than 2 bytes")]
    [InlineData(5000, "more than 2 bytes")]
    public void PabStatRejectsAPabWhoseLengthDoesNotFitTheFrameCount(int length, string said)
    {
        byte[] data = new byte[length];
        data[0] = 0xE9;
        string pab = Write("pab", data);
        string stats = Write("stats", Stats(13, 7, 0, 6));
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { pab, stats });
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Text);
        Assert.Equal("pabstat: " + pab + ": " + said + ", but total_frames 13 needs 2\n", run.Error);
    }

    [Fact]
    public void PabStatRejectsStatsWithoutTheFrameCounts()
    {
        string pab = Write("pab", new byte[] { 0xE9, 0xE4 });
        string stats = Write("stats", "implementation bitmap\ntotal_frames many\n");
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { pab, stats });
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("needs total_frames, free_frames, allocated_frames and reserved_frames", run.Error);
    }

    [Fact]
    public void PabStatWithoutStatsCountsEveryBitAndSaysSo()
    {
        string pab = Write("pab", new byte[] { 0xE9, 0xE4 });
        ProgramRun run = UserProgramHost.Run("pabstat", new[] { pab, Path.Combine(_directory, "absent") });
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("frames 16\nused 9\nfree 7\nmap:", run.Text);
        Assert.Contains("not readable; every bit of the PAB counts as a frame", run.Error);
    }

    [Fact]
    public void PabStatWithoutAPabFails()
    {
        ProgramRun run = UserProgramHost.Run("pabstat", Array.Empty<string>());
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("pabstat: /dev/pab: No such file or directory\n", run.Error);
    }
}
