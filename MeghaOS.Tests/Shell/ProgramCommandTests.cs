// The shell's elf command (MeghaOS.Kernel/Shell/CommandHandlers/ProgramCommands.cs) on the host harness: a crafted
// executable's segments, pages and break as exec would map them, and the loader's message for files it refuses.
namespace MeghaOS.Tests.Shell;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.Tests.Programs;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class ProgramCommandTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static void WriteFile(string path, byte[] content)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(Encoding.ASCII.GetBytes(path), VfsOpenMode.Write | VfsOpenMode.Create, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Write(file, 0, content, out _));
    }

    [Fact]
    public void ShowsTheSegmentsExecWouldMap()
    {
        WriteFile("/prog", ElfBuilder.Typical().Build());
        Assert.Equal(
            "/prog: static executable (ET_EXEC), entry 0x401000\n" +
            "  0x401000-0x402000 r-x  384 of 384 bytes from the file\n" +
            "  0x403000-0x406000 rw-  64 of 8192 bytes from the file\n" +
            "  program headers at 0x0 (2), break at 0x406000, 4 pages\n",
            KernelHarness.Run("elf /prog"));
    }

    [Fact]
    public void RefusedFilesGetTheLoadersMessage()
    {
        ElfBuilder dynamic = ElfBuilder.Typical();
        dynamic.Segments.Add(new CraftedSegment { Type = 3, Offset = 0x3000, FileBytes = 4, MemoryBytes = 4, Content = new byte[4] });
        WriteFile("/dynamic", dynamic.Build());
        WriteFile("/script", Encoding.ASCII.GetBytes("#!/bin/sh\necho hello\n"));
        WriteFile("/empty", Array.Empty<byte>());
        Assert.Equal("elf: /dynamic: dynamically linked (PT_INTERP): only static executables run\n", KernelHarness.Run("elf /dynamic"));
        Assert.Equal("elf: /script: not an executable: the file is shorter than an ELF header\n", KernelHarness.Run("elf /script"));
        Assert.Equal("elf: /empty: not an executable: the file is shorter than an ELF header\n", KernelHarness.Run("elf /empty"));
        Assert.Equal("elf: /dev/zero: not a regular file\n", KernelHarness.Run("elf /dev/zero"));
        WriteFile("/text", Encoding.ASCII.GetBytes(new string('x', 100)));
        Assert.Equal("elf: /text: not an executable: no ELF magic number\n", KernelHarness.Run("elf /text"));
        Assert.Equal("elf: /dev: is a directory\n", KernelHarness.Run("elf /dev"));
        Assert.Equal("elf: /nothing: no such file or directory\n", KernelHarness.Run("elf /nothing"));
        Assert.Equal("elf: usage: elf FILE\n", KernelHarness.Run("elf"));
    }
}
