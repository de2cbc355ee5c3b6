// sh and init as host processes: pipelines, redirections, $?, built-ins, syntax errors, PATH search, and init's
// restart policy (docs/user-programs.md). PATH is the programs' folder, so every command is a MeghaOS program.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

public sealed class ShellTests : IDisposable
{
    private readonly string _directory = UserProgramHost.NewTemporaryDirectory();

    public void Dispose() => Directory.Delete(_directory, true);

    private ProgramRun Sh(string line) => UserProgramHost.Run("sh", new[] { "-c", line }, workingDirectory: _directory);

    [Fact]
    public void RunsAProgramWithArguments()
    {
        ProgramRun run = Sh("echo one 'two  three' \"four\"");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("one two  three four\n", run.Text);
    }

    [Fact]
    public void PipesConnectCommands()
    {
        ProgramRun run = Sh("echo MeghaOS | cat | hexdump | cat");
        Assert.Equal(
            "00000000  4d 65 67 68 61 4f 53 0a                           |MeghaOS.|\n00000008\n",
            run.Text);
    }

    [Fact]
    public void RedirectionsWriteAppendAndRead()
    {
        ProgramRun run = Sh("echo first > out; echo second >> out; cat < out; echo replaced > out; cat out");
        Assert.Equal("first\nsecond\nreplaced\n", run.Text);
        Assert.Equal("replaced\n", File.ReadAllText(Path.Combine(_directory, "out")));
    }

    [Fact]
    public void StatusOfTheLastCommandIsInQuestionMark()
    {
        ProgramRun run = Sh("ls absent; echo $?; echo ok; echo \"status $?\"; nosuch; echo $?");
        Assert.Equal("1\nok\nstatus 0\n127\n", run.Text);
        Assert.Equal("ls: absent: No such file or directory\nsh: nosuch: not found\n", run.Error);
    }

    [Fact]
    public void APipelinesStatusIsItsLastCommands()
    {
        Assert.Equal("0\n", Sh("ls absent | cat; echo $?").Text);
        Assert.Equal("1\n", Sh("echo x | ls absent; echo $?").Text);
    }

    [Fact]
    public void CdChangesTheDirectoryForLaterCommands()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "inner"));
        File.WriteAllText(Path.Combine(_directory, "inner", "marker"), "");
        Assert.Equal("marker\n", Sh("cd inner; ls").Text);

        ProgramRun failed = Sh("cd absent; echo $?");
        Assert.Equal("1\n", failed.Text);
        Assert.Equal("sh: cd: absent: No such file or directory\n", failed.Error);
    }

    [Fact]
    public void ExitEndsTheShellWithItsStatus()
    {
        Assert.Equal(7, Sh("exit 7; echo not reached").ExitCode);
        Assert.Equal("", Sh("exit 7; echo not reached").Text);
        Assert.Equal(1, Sh("ls absent; exit").ExitCode);
    }

    [Fact]
    public void AFailedRedirectionStopsThatCommandOnly()
    {
        ProgramRun run = Sh("echo lost > absent/out; echo $?; cat < absent/in; echo $?");
        Assert.Equal("1\n1\n", run.Text);
        Assert.Equal("sh: absent/out: No such file or directory\nsh: absent/in: No such file or directory\n", run.Error);
    }

    [Fact]
    public void ExitWithANonNumberIsRefused()
    {
        ProgramRun run = Sh("exit soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("sh: exit: the status must be a number\n", run.Error);
    }

    [Theory]
    [InlineData("| cat", "a command is missing")]
    [InlineData("echo a |", "a command is missing")]
    [InlineData("echo >", "a redirection needs a file name")]
    [InlineData("echo 'open", "unterminated '")]
    public void SyntaxErrorsAreReportedWithStatus2(string line, string problem)
    {
        ProgramRun run = Sh(line);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("sh: syntax error: " + problem + "\n", run.Error);
    }

    [Fact]
    public void ReadsCommandsFromStandardInputWithoutAPrompt()
    {
        ProgramRun run = UserProgramHost.Run("sh", Array.Empty<string>(), "echo a\n# a comment\n\necho b | cat\nexit 4\necho c\n", _directory);
        Assert.Equal(4, run.ExitCode);
        Assert.Equal("a\nb\n", run.Text);
    }

    [Fact]
    public void ProgramsStartedByTheShellReadTheRestOfItsInput()
    {
        ProgramRun run = UserProgramHost.Run("sh", Array.Empty<string>(), "cat\nthis line is cat's\n", _directory);
        Assert.Equal("this line is cat's\n", run.Text);
    }

    [Fact]
    public void AtATerminalThePromptShowsTheWorkingDirectory()
    {
        ProgramRun run = UserProgramHost.AtTerminal(UserProgramHost.PathOf("sh"), _directory, "echo typed\nexit 4\n");
        Assert.Equal(4, run.ExitCode);
        // The terminal's echo of the typed lines may come before or after a prompt; the program's output is a line
        // of its own or follows a prompt.
        Assert.Contains("sh:" + _directory + "$ ", run.Text);
        Assert.Contains(run.Text.Split('\n'), line => line == "typed" || line.EndsWith("$ typed", StringComparison.Ordinal));
    }

    [Fact]
    public void RunsAScriptFile()
    {
        File.WriteAllText(Path.Combine(_directory, "script"), "echo from script\nexit 5\n");
        ProgramRun run = UserProgramHost.Run("sh", new[] { "script" }, workingDirectory: _directory);
        Assert.Equal(5, run.ExitCode);
        Assert.Equal("from script\n", run.Text);
    }

    [Fact]
    public void APathWithASlashIsRunAsGiven()
    {
        Assert.Equal("direct\n", Sh(UserProgramHost.PathOf("echo") + " direct").Text);
        Assert.Equal(127, Sh("./absent").ExitCode);
    }

    [Fact]
    public void InitRestartsTheShellUntilItEndsWithStatusZero()
    {
        ProgramRun run = UserProgramHost.Run("init", new[] { UserProgramHost.PathOf("sh") },
            "echo first\nexit 3\necho second\nexit 0\necho never\n", _directory);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("first\nsecond\n", run.Text);
        Assert.Equal("init: " + UserProgramHost.PathOf("sh") + ": ended with status 3; starting it again\n", run.Error);
    }

    [Fact]
    public void InitEndsWith127WhenTheShellCannotStart()
    {
        ProgramRun run = UserProgramHost.Run("init", new[] { Path.Combine(_directory, "no-shell") });
        Assert.Equal(127, run.ExitCode);
        Assert.Equal("init: " + Path.Combine(_directory, "no-shell") + ": No such file or directory\n", run.Error);
    }

    [Fact]
    public void InitGivesUpOnAShellThatKeepsFailingAtOnce()
    {
        // ls of a missing path fails at once every time: ten quick ends, then init stops.
        ProgramRun run = UserProgramHost.Run("init", new[] { UserProgramHost.PathOf("ls"), "absent" }, workingDirectory: _directory);
        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("ended 10 times in a row within a second of starting; giving up\n", run.Error);
    }

    [Fact]
    public void InitGivesTheShellPathBinAndHomeRootWhenTheyAreMissing()
    {
        // Without PATH the shell finds `pwd` in /bin (the host's own), after `cd` with no argument went to HOME=/.
        ProgramRun run = UserProgramHost.Run("init", new[] { UserProgramHost.PathOf("sh"), "-c", "cd; pwd" },
            environment: new Dictionary<string, string?> { ["PATH"] = null, ["HOME"] = null });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/\n", run.Text);
    }
}
