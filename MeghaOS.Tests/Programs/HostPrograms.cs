// Real static executables for the loader tests, compiled on the host by gcc -static (glibc), gcc -static-pie and
// musl-gcc -static (Debian's musl-tools) from one small C program, once per test run and cached in a temporary
// directory. A compiler that is missing gives null and the test says which one it skipped.
namespace MeghaOS.Tests.Programs;

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;

/// <summary>Compiles and caches host-built static programs.</summary>
public static class HostPrograms
{
    /// <summary>A hello world with data, bss and a write through the auxiliary vector (so every segment kind is present).</summary>
    public const string HelloSource = """
        #include <stdio.h>
        #include <sys/auxv.h>
        static char buffer[40000];
        int counter = 42;
        int main(int argc, char **argv) {
            buffer[argc] = (char)counter;
            printf("hello from %s, %d, %lu\n", argv[0], buffer[argc], getauxval(AT_PAGESZ));
            return 0;
        }
        """;

    private static readonly ConcurrentDictionary<string, byte[]?> s_cache = new();

    /// <summary>The program built by <paramref name="compiler"/> with <paramref name="flags"/>, or null when the compiler is missing or fails.</summary>
    public static byte[]? Build(string compiler, string flags) => s_cache.GetOrAdd(compiler + " " + flags, _ => Compile(compiler, flags));

    private static byte[]? Compile(string compiler, string flags)
    {
        string directory = Path.Combine(Path.GetTempPath(), "meghaos-elf-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        string source = Path.Combine(directory, "hello.c");
        File.WriteAllText(source, HelloSource);
        string output = Path.Combine(directory, "hello-" + Math.Abs((compiler + flags).GetHashCode()));
        try
        {
            var start = new ProcessStartInfo(compiler, $"{flags} -O1 -o {output} {source}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using Process process = Process.Start(start)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? File.ReadAllBytes(output) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
