// The System V initial stack (MeghaOS.Kernel/Programs/InitialStack.cs) built in an address space of the real page
// tables (MeghaOS.Tests/Vm/VmHarness.cs) and parsed back: arguments and environment of every shape (none, empty strings, many, long), 16-byte alignment for every
// count, the argument limit (E2BIG) exactly at its edge, malformed blocks and short randomness refused with nothing
// mapped, and running out of frames leaving nothing mapped.
namespace MeghaOS.Tests.Programs;

using System;
using System.Linq;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using MeghaOS.Tests.Vm;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class InitialStackTests : IDisposable
{
    private readonly VmHarness _vm = new VmHarness(kernelInSlotZero: false);

    private static readonly LoadedProgram s_program = new()
    {
        Entry = 0x401234,
        ProgramHeaderAddress = 0x400040,
        ProgramHeaderSize = 56,
        ProgramHeaderCount = 7,
    };

    public void Dispose() => _vm.Dispose();

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "/bin/sh" }, new string[0])]
    [InlineData(new[] { "cat", "/dev/pab" }, new[] { "HOME=/", "PATH=/bin" })]
    [InlineData(new[] { "", "", "x" }, new[] { "" })]
    public void ParsesBackToWhatWasGiven(string[] arguments, string[] environment)
    {
        AddressSpace space = VmHarness.NewSpace();
        StackLayoutCheck.BuildAndParse(space, s_program, arguments, environment);
        Assert.Equal((int)(ProgramLayout.StackBytes / 4096), VmHarness.Pages(space).Count);
    }

    [Fact]
    public void StackPointerIsAlignedForEveryCountAndStringLength()
    {
        for (int count = 0; count < 9; count++)
        {
            for (int length = 1; length < 18; length += 5)
            {
                AddressSpace space = VmHarness.NewSpace();
                string[] arguments = Enumerable.Range(0, count).Select(i => new string((char)('a' + i), length)).ToArray();
                ParsedStack parsed = StackLayoutCheck.BuildAndParse(space, s_program, arguments, arguments.Take(count / 2).ToArray());
                Assert.Equal(0UL, parsed.StackPointer % 16);
                Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
            }
        }
    }

    [Fact]
    public void ArgumentLimitIsExactAndGivesE2BIG()
    {
        // One argument of n bytes plus its NUL: the strings and 2 pointers (argv's NULL and envp's NULL) + 1 pointer.
        int fits = (int)ProgramLayout.MaxArgumentBytes - 3 * 8 - 1;
        AddressSpace space = VmHarness.NewSpace();
        ParsedStack parsed = StackLayoutCheck.BuildAndParse(space, s_program, new[] { new string('x', fits) }, Array.Empty<string>());
        Assert.Equal(fits, parsed.Arguments[0].Length);

        AddressSpace second = VmHarness.NewSpace();
        byte[] before = VmHarness.Pab;
        AddressSpaceOperations vm = VmHarness.Operations;
        byte[] tooLong = StackLayoutCheck.Block(new[] { new string('x', fits + 1) });
        Assert.Equal(StackStatus.ArgumentsTooLong, InitialStack.Build(vm, second, s_program, tooLong, default, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.ArgumentsTooLong, InitialStack.Build(vm, second, s_program, default, tooLong, StackLayoutCheck.Random, out _));
        Assert.Equal(ElfStatusText.E2BIG, ElfStatusText.Errno(StackStatus.ArgumentsTooLong));
        Assert.Equal(before, VmHarness.Pab);
    }

    [Fact]
    public void MalformedInputIsRefusedWithNothingMapped()
    {
        AddressSpace space = VmHarness.NewSpace();
        byte[] before = VmHarness.Pab;
        AddressSpaceOperations vm = VmHarness.Operations;
        Assert.Equal(StackStatus.BadArguments, InitialStack.Build(vm, space, s_program, "no-terminator"u8, default, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.BadArguments, InitialStack.Build(vm, space, s_program, default, "A=1\0B"u8, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.BadRandom, InitialStack.Build(vm, space, s_program, default, default, new byte[15], out _));
        Assert.Equal(before, VmHarness.Pab);
        Assert.Equal(0, VmHarness.MapCalls);
    }

    [Fact]
    public void OutOfFramesLeavesNothingMapped()
    {
        // The stack's pages and the 3 tables below the root that reach it, less one frame.
        AddressSpace space = VmHarness.NewSpace();
        _vm.HoldAllBut(ProgramLayout.StackBytes / 4096 + 3 - 1);
        byte[] before = VmHarness.Pab;
        AddressSpaceOperations vm = VmHarness.Operations;
        Assert.Equal(StackStatus.OutOfMemory, InitialStack.Build(vm, space, s_program, "a\0"u8, default, StackLayoutCheck.Random, out ulong rsp));
        Assert.Equal(0UL, rsp);
        Assert.Equal(before, VmHarness.Pab);
        Assert.Empty(VmHarness.Pages(space));
    }

    [Fact]
    public void StackAlreadyOccupiedIsRefused()
    {
        AddressSpace space = VmHarness.NewSpace();
        AddressSpaceOperations vm = VmHarness.Operations;
        Assert.Equal(VmStatus.Success, vm.Map(vm.Context, space, ProgramLayout.StackTop - 4096, 4096, PageAccess.Read));
        Assert.Equal(StackStatus.MapFailed, InitialStack.Build(vm, space, s_program, "a\0"u8, default, StackLayoutCheck.Random, out _));
        Assert.Equal(new[] { (ProgramLayout.StackTop - 4096, PageAccess.Read) }, VmHarness.Pages(space));
    }
}
