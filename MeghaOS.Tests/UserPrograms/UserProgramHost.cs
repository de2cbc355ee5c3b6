// Runs the built user programs (MeghaOS.User/bin/<Configuration>/bin/NAME) as processes on this Linux host: they
// make Linux system calls directly, so the host is a faithful first test of their behaviour before MeghaOS runs
// them. Standard input is given bytes, standard output and error are captured; PATH points at the programs so sh
// finds them. AtTerminal runs a command under script(1), which gives it a pseudo-terminal (isatty is true).
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

/// <summary>What a program run produced.</summary>
public sealed record ProgramRun(int ExitCode, byte[] Output, string Error)
{
    /// <summary>Standard output as text (UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString(Output);
}

/// <summary>Finds and runs the user programs.</summary>
public static class UserProgramHost
{
    /// <summary>bin/&lt;Configuration&gt;/ of MeghaOS.User (initrd.cpio and bin/).</summary>
    public static string ImageDirectory => Metadata("UserImageDirectory");

    /// <summary>The directory holding every program binary.</summary>
    public static string BinDirectory => Path.Combine(ImageDirectory, "bin");

    /// <summary>The initial ramdisk.</summary>
    public static string Initrd => Path.Combine(ImageDirectory, "initrd.cpio");

    /// <summary>The MeghaOS.User source folder.</summary>
    public static string SourceDirectory => Metadata("UserSourceDirectory");

    /// <summary>The C# programs' names, from the file names in Programs/ (the only list there is).</summary>
    public static IEnumerable<string> CSharpProgramNames =>
        Directory.GetFiles(Path.Combine(SourceDirectory, "Programs"), "*.cs")
            .Select(file => Path.GetFileNameWithoutExtension(file).ToLowerInvariant())
            .OrderBy(name => name, StringComparer.Ordinal);

    /// <summary>The musl programs' names in the ramdisk (musl-NAME for Musl/NAME.c).</summary>
    public static IEnumerable<string> MuslProgramNames =>
        Directory.GetFiles(Path.Combine(SourceDirectory, "Musl"), "*.c")
            .Select(file => "musl-" + Path.GetFileNameWithoutExtension(file))
            .OrderBy(name => name, StringComparer.Ordinal);

    /// <summary>The path of program <paramref name="name"/>.</summary>
    public static string PathOf(string name) => Path.Combine(BinDirectory, name);

    /// <summary>
    /// Runs <paramref name="name"/> with <paramref name="arguments"/>, feeding <paramref name="input"/>; PATH is the
    /// programs' folder unless <paramref name="environment"/> says otherwise (a null value removes a variable).
    /// </summary>
    public static ProgramRun Run(string name, string[] arguments, byte[]? input = null, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null) =>
        RunPath(PathOf(name), arguments, input, workingDirectory, environment);

    /// <summary>Runs <paramref name="name"/> with text input.</summary>
    public static ProgramRun Run(string name, string[] arguments, string input, string? workingDirectory = null) =>
        Run(name, arguments, Encoding.UTF8.GetBytes(input), workingDirectory);

    /// <summary>Runs the executable at <paramref name="path"/>.</summary>
    public static ProgramRun RunPath(string path, string[] arguments, byte[]? input = null, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = BinDirectory;
        if (environment != null)
        {
            foreach (var pair in environment)
            {
                if (pair.Value == null)
                {
                    start.Environment.Remove(pair.Key);
                }
                else
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }
        }

        using Process process = Process.Start(start)!;
        Task<byte[]> output = Task.Run(() =>
        {
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            return buffer.ToArray();
        });
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            if (input != null)
            {
                process.StandardInput.BaseStream.Write(input, 0, input.Length);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading all of its input; what it did is still checked.
        }

        if (!process.WaitForExit(60_000))
        {
            process.Kill(true);
            throw new TimeoutException(path + " did not end within a minute");
        }

        process.WaitForExit();
        return new ProgramRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Runs a shell command line under script(1), so the programs in it see a terminal on standard output; returns
    /// what the terminal showed (with the terminal's "\r\n" line ends turned back into "\n"), including the terminal's
    /// echo of <paramref name="input"/>, which is typed into it; the exit code is the command's (script -e).
    /// </summary>
    public static ProgramRun AtTerminal(string commandLine, string workingDirectory, string input = "")
    {
        ProgramRun run = RunPath("/usr/bin/script", new[] { "-qec", commandLine, "/dev/null" }, Encoding.UTF8.GetBytes(input), workingDirectory);
        string text = Encoding.UTF8.GetString(run.Output).Replace("\r\n", "\n");
        return run with { Output = Encoding.UTF8.GetBytes(text) };
    }

    /// <summary>A new empty directory under the system's temporary directory.</summary>
    public static string NewTemporaryDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "meghaos-user-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Metadata(string key) =>
        typeof(UserProgramHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException(key + " metadata missing from the test assembly");
}
