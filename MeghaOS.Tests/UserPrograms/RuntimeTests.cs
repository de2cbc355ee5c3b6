// The user runtime's view of the System V initial stack, through env (envp) and auxv (the auxiliary vector): the
// vector the host kernel built for the program must describe the program's own ELF headers, as MeghaOS's loader
// will have to (AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY, AT_PAGESZ, AT_RANDOM, AT_NULL last). Also the fatal path's
// exit status is documented as 134; echo's byte round trip is in FileProgramTests.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

public sealed class RuntimeTests
{
    [Fact]
    public void EnvPrintsTheEnvironmentItWasGiven()
    {
        ProgramRun run = UserProgramHost.Run("env", Array.Empty<string>(),
            environment: new Dictionary<string, string?> { ["MEGHAOS_TEST"] = "one two=three" });
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Text.TrimEnd('\n').Split('\n');
        Assert.Contains("MEGHAOS_TEST=one two=three", lines);
        Assert.Contains("PATH=" + UserProgramHost.BinDirectory, lines);
        Assert.Equal(2, UserProgramHost.Run("env", new[] { "x" }).ExitCode);
    }

    [Fact]
    public void AuxvDescribesTheProgramsOwnElfHeaders()
    {
        byte[] image = File.ReadAllBytes(UserProgramHost.PathOf("auxv"));
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(24));
        ulong headerOffset = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(32));
        int headerCount = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(56));

        ProgramRun run = UserProgramHost.Run("auxv", Array.Empty<string>());
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Text.TrimEnd('\n').Split('\n');
        Dictionary<string, string> vector = lines.Select(line => line.Split(' ')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal("AT_NULL 0", lines[^1]);
        Assert.Equal("4096", vector["AT_PAGESZ"]);
        Assert.Equal("56", vector["AT_PHENT"]);
        Assert.Equal(headerCount.ToString(), vector["AT_PHNUM"]);
        Assert.Equal("0x" + entry.ToString("x"), vector["AT_ENTRY"]);
        Assert.Equal("0x" + (0x400000 + headerOffset).ToString("x"), vector["AT_PHDR"]);
        Assert.NotEqual("0x0", vector["AT_RANDOM"]);
    }
}
