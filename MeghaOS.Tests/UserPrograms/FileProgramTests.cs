// echo, cat, hexdump, ls, mkdir and rm run as host processes: output, exit status and error messages, including
// cat's two faces (bytes unchanged through a pipe, hex rows with frame numbers at a terminal).
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

public sealed class FileProgramTests : IDisposable
{
    private readonly string _directory = UserProgramHost.NewTemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, true);

    [Fact]
    public void EchoJoinsArgumentsWithSpaces()
    {
        ProgramRun run = UserProgramHost.Run("echo", new[] { "hello", "two words", "" });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello two words \n", run.Text);
        Assert.Equal("a", UserProgramHost.Run("echo", new[] { "-n", "a" }).Text);
        Assert.Equal("\n", UserProgramHost.Run("echo", Array.Empty<string>()).Text);
    }

    [Fact]
    public void ArgumentBytesPassThroughTheRuntimeUnchanged()
    {
        // Process.Start encodes arguments as UTF-8; the runtime reads argv a byte per char and writes them back.
        ProgramRun run = UserProgramHost.Run("echo", new[] { "grüße", "π" });
        Assert.Equal(Encoding.UTF8.GetBytes("grüße π\n"), run.Output);
    }

    [Fact]
    public void CatThroughAPipePassesEveryByteUnchanged()
    {
        byte[] data = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7 + i / 256)).ToArray();
        string path = Path.Combine(_directory, "data.bin");
        File.WriteAllBytes(path, data);
        ProgramRun run = UserProgramHost.Run("cat", new[] { path });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(data, run.Output);

        ProgramRun fromInput = UserProgramHost.Run("cat", Array.Empty<string>(), data);
        Assert.Equal(data, fromInput.Output);
    }

    [Fact]
    public void CatOfAMissingFileSaysWhyAndFails()
    {
        string path = Path.Combine(_directory, "absent");
        ProgramRun run = UserProgramHost.Run("cat", new[] { path });
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("cat: " + path + ": No such file or directory\n", run.Error);
    }

    [Fact]
    public void CatAtATerminalShowsABitmapAsHexRowsWithFrameNumbers()
    {
        byte[] pab = Enumerable.Range(0, 20).Select(i => (byte)(0xF0 + i)).ToArray();
        File.WriteAllBytes(Path.Combine(_directory, "pab"), pab);
        ProgramRun run = UserProgramHost.AtTerminal(UserProgramHost.PathOf("cat") + " -f pab", _directory);
        Assert.Equal(
            "00000000 frame         0: f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff\n" +
            "00000010 frame       128: 00 01 02 03\n",
            run.Text);
    }

    [Fact]
    public void CatAtATerminalShowsTextAsItIsAndBinaryWithoutFramesAsOffsets()
    {
        File.WriteAllText(Path.Combine(_directory, "text"), "line one\nline two");
        File.WriteAllBytes(Path.Combine(_directory, "binary"), new byte[] { 0, 1, 2 });
        string cat = UserProgramHost.PathOf("cat");
        Assert.Equal("line one\nline two\n", UserProgramHost.AtTerminal(cat + " text", _directory).Text);
        Assert.Equal("00000000: 00 01 02\n", UserProgramHost.AtTerminal(cat + " binary", _directory).Text);
    }

    [Fact]
    public void CatAtATerminalStopsHexRowsAfter256KiB()
    {
        File.WriteAllBytes(Path.Combine(_directory, "big"), new byte[300 * 1024]);
        ProgramRun run = UserProgramHost.AtTerminal(UserProgramHost.PathOf("cat") + " big", _directory);
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Text.TrimEnd('\n').Split('\n');
        Assert.Equal(256 * 1024 / 16 + 1, lines.Length);
        Assert.Equal("0003fff0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", lines[^2]);
        Assert.Equal("cat: big: output stopped after 262144 bytes", lines[^1]);
    }

    [Fact]
    public void HexDumpPrintsTheCanonicalLayoutAndTheEndOffset()
    {
        byte[] data = Encoding.ASCII.GetBytes("MeghaOS user programs\0\x01");
        ProgramRun run = UserProgramHost.Run("hexdump", Array.Empty<string>(), data);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "00000000  4d 65 67 68 61 4f 53 20  75 73 65 72 20 70 72 6f  |MeghaOS user pro|\n" +
            "00000010  67 72 61 6d 73 00 01                              |grams..|\n" +
            "00000017\n",
            run.Text);
    }

    [Fact]
    public void HexDumpHonoursStartAndLength()
    {
        string path = Path.Combine(_directory, "digits");
        File.WriteAllText(path, "0123456789abcdefghij");
        ProgramRun run = UserProgramHost.Run("hexdump", new[] { path, "0x4", "3" });
        Assert.Equal("00000004  34 35 36                                          |456|\n00000007\n", run.Text);
    }

    [Fact]
    public void HexDumpRejectsANonNumber()
    {
        ProgramRun run = UserProgramHost.Run("hexdump", new[] { "-", "ten" }, Array.Empty<byte>());
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("hexdump: ten: not a number (START: decimal or 0x hex)\n", run.Error);
    }

    [Fact]
    public void LsListsSortedNamesAndLongFormat()
    {
        File.WriteAllText(Path.Combine(_directory, "zeta"), "12345");
        File.WriteAllText(Path.Combine(_directory, "Alpha"), "");
        Directory.CreateDirectory(Path.Combine(_directory, "middle"));
        Assert.Equal("Alpha\nmiddle\nzeta\n", UserProgramHost.Run("ls", new[] { _directory }).Text);
        Assert.Equal("Alpha\nmiddle\nzeta\n", UserProgramHost.Run("ls", Array.Empty<string>(), workingDirectory: _directory).Text);
        string[] lines = UserProgramHost.Run("ls", new[] { "-l", _directory }).Text.Split('\n');
        Assert.Equal("-          0 Alpha", lines[0]);
        Assert.StartsWith("d ", lines[1]);
        Assert.EndsWith(" middle", lines[1]);
        Assert.Equal("-          5 zeta", lines[2]);
    }

    [Fact]
    public void LsOfAMissingPathFails()
    {
        ProgramRun run = UserProgramHost.Run("ls", new[] { "nothing-here" }, workingDirectory: _directory);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("ls: nothing-here: No such file or directory\n", run.Error);
    }

    [Fact]
    public void MkdirMakesDirectoriesAndReportsExistingOnes()
    {
        Assert.Equal(0, UserProgramHost.Run("mkdir", new[] { "one" }, workingDirectory: _directory).ExitCode);
        Assert.True(Directory.Exists(Path.Combine(_directory, "one")));

        ProgramRun again = UserProgramHost.Run("mkdir", new[] { "one" }, workingDirectory: _directory);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("mkdir: one: File exists\n", again.Error);

        Assert.Equal(0, UserProgramHost.Run("mkdir", new[] { "-p", "one/two/three" }, workingDirectory: _directory).ExitCode);
        Assert.True(Directory.Exists(Path.Combine(_directory, "one", "two", "three")));
        Assert.Equal(2, UserProgramHost.Run("mkdir", Array.Empty<string>()).ExitCode);
    }

    [Fact]
    public void RmRemovesFilesAndNeedsRForDirectories()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "tree", "branch"));
        File.WriteAllText(Path.Combine(_directory, "tree", "branch", "leaf"), "x");
        File.WriteAllText(Path.Combine(_directory, "file"), "x");

        Assert.Equal(0, UserProgramHost.Run("rm", new[] { "file" }, workingDirectory: _directory).ExitCode);
        Assert.False(File.Exists(Path.Combine(_directory, "file")));

        ProgramRun refused = UserProgramHost.Run("rm", new[] { "tree" }, workingDirectory: _directory);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("rm: tree: Is a directory\n", refused.Error);
        Assert.True(Directory.Exists(Path.Combine(_directory, "tree")));

        Assert.Equal(0, UserProgramHost.Run("rm", new[] { "-r", "tree" }, workingDirectory: _directory).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_directory, "tree")));
        Assert.Equal(1, UserProgramHost.Run("rm", new[] { "tree" }, workingDirectory: _directory).ExitCode);
    }
}
