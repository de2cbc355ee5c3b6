// The System V initial stack (MeghaOS.Kernel/Programs/InitialStack.cs) built in the host address space fake and parsed
// back: arguments and environment of every shape (none, empty strings, many, long), 16-byte alignment for every
// count, the argument limit (E2BIG) exactly at its edge, malformed blocks and short randomness refused with nothing
// mapped, and running out of frames leaving nothing mapped.
namespace MeghaOS.Tests.Programs;

using System;
using System.Linq;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using Xunit;

public sealed unsafe class InitialStackTests
{
    private static readonly LoadedProgram s_program = new()
    {
        Entry = 0x401234,
        ProgramHeaderAddress = 0x400040,
        ProgramHeaderSize = 56,
        ProgramHeaderCount = 7,
    };

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "/bin/sh" }, new string[0])]
    [InlineData(new[] { "cat", "/dev/pab" }, new[] { "HOME=/", "PATH=/bin" })]
    [InlineData(new[] { "", "", "x" }, new[] { "" })]
    public void ParsesBackToWhatWasGiven(string[] arguments, string[] environment)
    {
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        StackLayoutCheck.BuildAndParse(host, space, s_program, arguments, environment);
        Assert.Equal(ProgramLayout.StackBytes / 4096, host.FramesOutstanding);
    }

    [Fact]
    public void StackPointerIsAlignedForEveryCountAndStringLength()
    {
        for (int count = 0; count < 9; count++)
        {
            for (int length = 1; length < 18; length += 5)
            {
                using var host = new HostAddressSpace();
                AddressSpace space = host.NewSpace();
                string[] arguments = Enumerable.Range(0, count).Select(i => new string((char)('a' + i), length)).ToArray();
                ParsedStack parsed = StackLayoutCheck.BuildAndParse(host, space, s_program, arguments, arguments.Take(count / 2).ToArray());
                Assert.Equal(0UL, parsed.StackPointer % 16);
            }
        }
    }

    [Fact]
    public void ArgumentLimitIsExactAndGivesE2BIG()
    {
        // One argument of n bytes plus its NUL: the strings and 2 pointers (argv's NULL and envp's NULL) + 1 pointer.
        int fits = (int)ProgramLayout.MaxArgumentBytes - 3 * 8 - 1;
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        ParsedStack parsed = StackLayoutCheck.BuildAndParse(host, space, s_program, new[] { new string('x', fits) }, Array.Empty<string>());
        Assert.Equal(fits, parsed.Arguments[0].Length);

        using var other = new HostAddressSpace();
        AddressSpace second = other.NewSpace();
        AddressSpaceOperations vm = other.Operations;
        byte[] tooLong = StackLayoutCheck.Block(new[] { new string('x', fits + 1) });
        Assert.Equal(StackStatus.ArgumentsTooLong, InitialStack.Build(vm, second, s_program, tooLong, default, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.ArgumentsTooLong, InitialStack.Build(vm, second, s_program, default, tooLong, StackLayoutCheck.Random, out _));
        Assert.Equal(ElfStatusText.E2BIG, ElfStatusText.Errno(StackStatus.ArgumentsTooLong));
        Assert.Equal(0UL, other.FramesOutstanding);
    }

    [Fact]
    public void MalformedInputIsRefusedWithNothingMapped()
    {
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        AddressSpaceOperations vm = host.Operations;
        Assert.Equal(StackStatus.BadArguments, InitialStack.Build(vm, space, s_program, "no-terminator"u8, default, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.BadArguments, InitialStack.Build(vm, space, s_program, default, "A=1\0B"u8, StackLayoutCheck.Random, out _));
        Assert.Equal(StackStatus.BadRandom, InitialStack.Build(vm, space, s_program, default, default, new byte[15], out _));
        Assert.Equal(0UL, host.FramesOutstanding);
        Assert.Equal(0, host.MapCalls);
    }

    [Fact]
    public void OutOfFramesLeavesNothingMapped()
    {
        using var host = new HostAddressSpace { FrameBudget = ProgramLayout.StackBytes / 4096 - 1 };
        AddressSpace space = host.NewSpace();
        AddressSpaceOperations vm = host.Operations;
        Assert.Equal(StackStatus.OutOfMemory, InitialStack.Build(vm, space, s_program, "a\0"u8, default, StackLayoutCheck.Random, out ulong rsp));
        Assert.Equal(0UL, rsp);
        Assert.Equal(0UL, host.FramesOutstanding);
    }

    [Fact]
    public void StackAlreadyOccupiedIsRefused()
    {
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        AddressSpaceOperations vm = host.Operations;
        Assert.Equal(VmStatus.Success, vm.Map(vm.Context, space, ProgramLayout.StackTop - 4096, 4096, PageAccess.Read));
        Assert.Equal(StackStatus.MapFailed, InitialStack.Build(vm, space, s_program, "a\0"u8, default, StackLayoutCheck.Random, out _));
        Assert.Equal(1UL, host.FramesOutstanding);
    }
}
