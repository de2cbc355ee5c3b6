// The kernel build's missing-tool check (CheckKernelTools in MeghaOS.Kernel/MeghaOS.Kernel.Native.targets): with a
// tool missing from PATH, `dotnet msbuild` on the kernel project stops with an error naming the tool before any
// native step (ILC, nasm, ld) has run, so that error is the first one. Each test runs msbuild with PATH set to a
// temporary directory of symbolic links to the real tools, minus the ones the test takes away, plus sh (MSBuild's
// Exec runs commands through it). Only the check and nothing that writes into the worktree runs; each run takes a
// few seconds.
namespace MeghaOS.Tests.Build;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MeghaOS.Tests.Boot;
using Xunit;

/// <summary>The kernel build names a missing native tool first, before ILC, nasm or ld fail on it.</summary>
public sealed class NativeToolCheckTests : IDisposable
{
    // The tools CheckKernelTools looks for, in the order it lists them.
    private static readonly string[] KernelTools = { "nasm", "ld", "objcopy", "grub-mkrescue", "xorriso" };

    private static readonly TimeSpan MsbuildTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory = Directory.CreateTempSubdirectory("meghaos-toolcheck-").FullName;

    [Fact]
    public void MissingNasmIsTheFirstErrorAndNoNativeStepRuns()
    {
        // The native steps write into a fresh directory, so every one of them is out of date: if any ran before the
        // check, ILC would have made kernel.o there (and nasm's failure would be the first error).
        string nativeDirectory = Path.Combine(_directory, "native") + "/";
        string imageDirectory = Path.Combine(_directory, "images") + "/";
        MsbuildResult result = RunMsbuild(
            "CompileKernelNative",
            KernelTools.Where(tool => tool != "nasm"),
            $"-p:KernelNativeDirectory={nativeDirectory}",
            $"-p:KernelImageDirectory={imageDirectory}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(
            result.FirstError().Contains("error : nasm not found: run scripts/setup.sh (or apt-get install nasm).", StringComparison.Ordinal),
            "the first error is not the missing-tool check's:\n" + result.Output);
        Assert.False(File.Exists(Path.Combine(nativeDirectory, "kernel.o")), "ILC ran before the tool check");
        Assert.False(Directory.Exists(imageDirectory), "a native step wrote images before the tool check");
    }

    [Fact]
    public void EveryMissingToolIsNamedInOneError()
    {
        MsbuildResult result = RunMsbuild("CheckKernelTools", Array.Empty<string>());

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(
            result.FirstError().Contains(
                "error : nasm, ld, objcopy, grub-mkrescue, xorriso not found: run scripts/setup.sh "
                + "(or apt-get install nasm binutils grub-pc-bin grub-common mtools xorriso).",
                StringComparison.Ordinal),
            "the first error does not name every tool:\n" + result.Output);
    }

    [Fact]
    public void CheckPassesWithEveryTool()
    {
        MsbuildResult result = RunMsbuild("CheckKernelTools", KernelTools);

        Assert.True(result.ExitCode == 0, "CheckKernelTools failed with every tool on PATH:\n" + result.Output);
    }

    /// <summary>Deletes the temporary PATH and output directories.</summary>
    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    // Runs `dotnet msbuild` on the kernel project for one target, with PATH holding only sh and the given tools.
    private MsbuildResult RunMsbuild(string target, IEnumerable<string> tools, params string[] properties)
    {
        string binDirectory = Path.Combine(_directory, "bin");
        Directory.CreateDirectory(binDirectory);
        foreach (string tool in tools.Append("sh"))
        {
            File.CreateSymbolicLink(Path.Combine(binDirectory, tool), FindOnPath(tool));
        }

        // KernelImageDirectory is MeghaOS.Kernel/bin/<Configuration>/: the project and configuration the tests use.
        var images = new DirectoryInfo(QemuSession.ImageDirectory.TrimEnd('/'));
        string configuration = images.Name;
        string project = Path.Combine(images.Parent!.Parent!.FullName, "MeghaOS.Kernel.csproj");

        var start = new ProcessStartInfo(FindDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (string argument in new[]
                 {
                     "msbuild", project, $"-t:{target}", $"-p:Configuration={configuration}", "-nologo",
                     "-nodeReuse:false", "-noAutoResponse", "-v:m",
                 }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild settings must not leak into this separate build.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string name = (string)variable.Key;
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["PATH"] = binDirectory;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(MsbuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet msbuild -t:{target} did not finish in {MsbuildTimeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new MsbuildResult(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line != null)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    // The dotnet host running these tests (DOTNET_HOST_PATH is set by the dotnet CLI), else the one on PATH.
    private static string FindDotnet()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? process = Environment.ProcessPath;
        if (process != null && Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return process;
        }

        return FindOnPath("dotnet");
    }

    private static string FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, name);
            if (directory.Length != 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} not found on PATH (the kernel build needs it: run scripts/setup.sh)");
    }

    private sealed record MsbuildResult(int ExitCode, string Output)
    {
        // The first line MSBuild reports as an error, or the whole output if there is none.
        public string FirstError()
        {
            string? line = Output.Split('\n').FirstOrDefault(text => text.Contains(": error ", StringComparison.Ordinal));
            return line ?? Output;
        }
    }
}
