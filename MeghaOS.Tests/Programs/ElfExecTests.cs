// execve's loader (Programs/ElfExec.cs) over the process layer's fake address space: a real static musl program loads
// into a new space with its System V stack (argc, argv, envp as execve packed them), and the space gives every frame
// back; a file that is not a static x86-64 executable, or arguments too long, give -errno, one console line naming
// why, and leave no space and no frame behind.
namespace MeghaOS.Tests.Programs;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Programs;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ElfExecTests : IDisposable
{
    private const ulong FrameLimit = 4096;

    private readonly ProcessHarness _h = new ProcessHarness();

    public ElfExecTests() => CapturingTerminal.Install();

    public void Dispose()
    {
        MeghaOS.Devices.Terminal.Reset();
        _h.Dispose();
    }

    [ToolFact("musl-gcc", "musl-tools")]
    public void ARealProgramLoadsWithItsStackAndItsSpaceGivesEveryFrameBack()
    {
        byte[] file = HostPrograms.Build("musl-gcc", "-static")!;
        Assert.NotNull(file);
        byte[] pab = ProcessHarness.Pab;
        int spaces = FakeAddressSpace.LiveSpaces;

        Assert.Equal(0, Load(file, new[] { "/bin/hello", "one" }, new[] { "PATH=/bin", "HOME=/" }, out ExecImage image));
        Assert.Equal(spaces + 1, FakeAddressSpace.LiveSpaces);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24)), image.Entry);
        Assert.Equal(0UL, image.StackPointer % 16);
        Assert.True(image.BreakStart > image.Entry && image.BreakStart % 4096 == 0);

        // argc, argv[0], argv[1], NULL, envp[0], envp[1], NULL, as the program's _start reads them.
        Assert.Equal(2UL, Word(image.Space, image.StackPointer));
        Assert.Equal("/bin/hello", Text(image.Space, Word(image.Space, image.StackPointer + 8)));
        Assert.Equal("one", Text(image.Space, Word(image.Space, image.StackPointer + 16)));
        Assert.Equal(0UL, Word(image.Space, image.StackPointer + 24));
        Assert.Equal("PATH=/bin", Text(image.Space, Word(image.Space, image.StackPointer + 32)));
        Assert.Equal("HOME=/", Text(image.Space, Word(image.Space, image.StackPointer + 40)));
        Assert.Equal(0UL, Word(image.Space, image.StackPointer + 48));

        AddressSpaceOperations vm = FakeAddressSpace.Operations;
        Assert.Equal(VmStatus.Success, vm.Destroy(vm.Context, image.Space));
        Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
        Assert.Equal(pab, ProcessHarness.Pab);
        Assert.Equal("", CapturingTerminal.Take());
    }

    [Fact]
    public void AFileThatIsNotAnExecutableIsRefusedWithItsReasonAndLeavesNothing()
    {
        byte[] pab = ProcessHarness.Pab;
        int spaces = FakeAddressSpace.LiveSpaces;
        Assert.Equal(-Errno.ENOEXEC, Load(Encoding.ASCII.GetBytes("#!/bin/sh\necho not an ELF file, but long enough to hold an ELF header of 64 bytes\n"), new[] { "x" }, Array.Empty<string>(), out _));
        Assert.Equal("exec: " + Encoding.ASCII.GetString(ElfStatusText.Message(ElfStatus.BadMagic)) + "\n", CapturingTerminal.Take());
        Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
        Assert.Equal(pab, ProcessHarness.Pab);
    }

    [ToolFact("gcc", "gcc")]
    public void ADynamicallyLinkedProgramIsRefusedByName()
    {
        byte[] file = HostPrograms.Build("gcc", "-no-pie")!;
        Assert.NotNull(file);
        int spaces = FakeAddressSpace.LiveSpaces;
        Assert.Equal(-Errno.ENOEXEC, Load(file, new[] { "x" }, Array.Empty<string>(), out _));
        Assert.Contains("dynamically linked", CapturingTerminal.Take());
        Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
    }

    [ToolFact("musl-gcc", "musl-tools")]
    public void ArgumentsLongerThanTheStackAllowsGiveE2bigAndLeaveNothing()
    {
        byte[] file = HostPrograms.Build("musl-gcc", "-static")!;
        byte[] pab = ProcessHarness.Pab;
        int spaces = FakeAddressSpace.LiveSpaces;
        string huge = new string('a', (int)ProgramLayout.MaxArgumentBytes);
        Assert.Equal(-Errno.E2BIG, Load(file, new[] { "x", huge }, Array.Empty<string>(), out _));
        Assert.Contains("exec: ", CapturingTerminal.Take());
        Assert.Equal(spaces, FakeAddressSpace.LiveSpaces);
        Assert.Equal(pab, ProcessHarness.Pab);
    }

    // Packs argv then envp as execve does and calls the loader.
    private static int Load(byte[] file, string[] arguments, string[] environment, out ExecImage image)
    {
        var bytes = new List<byte>();
        foreach (string text in arguments)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
            bytes.Add(0);
        }

        foreach (string text in environment)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
            bytes.Add(0);
        }

        byte[] block = bytes.ToArray();
        fixed (byte* strings = block)
        {
            var exec = new ExecArguments { Strings = strings, Length = block.Length, ArgumentCount = arguments.Length, EnvironmentCount = environment.Length };
            return ElfExec.Load(file, exec, FrameLimit, out image);
        }
    }

    private static ulong Word(AddressSpace space, ulong address) => SpaceBytes.Word(FakeAddressSpace.Operations, space, address);

    private static string Text(AddressSpace space, ulong address) => SpaceBytes.Text(FakeAddressSpace.Operations, space, address);
}
