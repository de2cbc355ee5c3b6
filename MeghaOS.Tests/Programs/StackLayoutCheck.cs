// Builds a program's initial stack in an address space of the real page tables (VmHarness) and parses it back the way a C runtime's _start does
// (argc at RSP, then argv, NULL, envp, NULL, auxv pairs to AT_NULL), checking the System V rules on the way: RSP
// 16-byte aligned, every pointer inside the stack region, AT_RANDOM's 16 bytes the caller's, strings the ones given.
namespace MeghaOS.Tests.Programs;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using MeghaOS.Tests.Vm;
using Xunit;

/// <summary>What a parsed initial stack holds.</summary>
public sealed record ParsedStack(ulong StackPointer, string[] Arguments, string[] Environment, Dictionary<ulong, ulong> Auxiliary, List<ulong> AuxiliaryOrder);

/// <summary>Builds and parses initial stacks.</summary>
public static unsafe class StackLayoutCheck
{
    /// <summary>The bytes the tests use for AT_RANDOM.</summary>
    public static readonly byte[] Random = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();

    /// <summary>The strings as one block of NUL-terminated strings, as execve gathers them.</summary>
    public static byte[] Block(IEnumerable<string> strings) => strings.SelectMany(s => Encoding.UTF8.GetBytes(s).Append((byte)0)).ToArray();

    /// <summary>Builds the stack (asserting success) and checks it parses back to what was given.</summary>
    public static ParsedStack BuildAndParse(AddressSpace space, in LoadedProgram program, string[] arguments, string[] environment)
    {
        AddressSpaceOperations vm = VmHarness.Operations;
        StackStatus status = InitialStack.Build(vm, space, program, Block(arguments), Block(environment), Random, out ulong rsp);
        Assert.Equal(StackStatus.Success, status);
        ParsedStack parsed = Parse(space, rsp);
        Assert.Equal(arguments, parsed.Arguments);
        Assert.Equal(environment, parsed.Environment);
        Assert.Equal(new ulong[] { InitialStack.AtPhdr, InitialStack.AtPhent, InitialStack.AtPhnum, InitialStack.AtPagesz, InitialStack.AtEntry, InitialStack.AtRandom }, parsed.AuxiliaryOrder);
        Assert.Equal(program.ProgramHeaderAddress, parsed.Auxiliary[InitialStack.AtPhdr]);
        Assert.Equal(program.ProgramHeaderSize, parsed.Auxiliary[InitialStack.AtPhent]);
        Assert.Equal(program.ProgramHeaderCount, parsed.Auxiliary[InitialStack.AtPhnum]);
        Assert.Equal(4096UL, parsed.Auxiliary[InitialStack.AtPagesz]);
        Assert.Equal(program.Entry, parsed.Auxiliary[InitialStack.AtEntry]);
        ulong random = parsed.Auxiliary[InitialStack.AtRandom];
        Assert.Equal(0UL, random % 16);
        Assert.Equal(Random, SpaceBytes.Read(vm, space, random, 16));

        // The region: read/write, not executable, with the guard page below it unmapped.
        Assert.Equal(PageAccess.Read | PageAccess.Write, vm.Query(vm.Context, space, ProgramLayout.StackBottom));
        Assert.Equal(PageAccess.Read | PageAccess.Write, vm.Query(vm.Context, space, ProgramLayout.StackTop - 1));
        Assert.Equal(PageAccess.None, vm.Query(vm.Context, space, ProgramLayout.GuardPage));
        return parsed;
    }

    /// <summary>Parses the stack at <paramref name="rsp"/> as _start would.</summary>
    public static ParsedStack Parse(AddressSpace space, ulong rsp)
    {
        AddressSpaceOperations vm = VmHarness.Operations;
        Assert.Equal(0UL, rsp % 16);
        Assert.InRange(rsp, ProgramLayout.StackBottom, ProgramLayout.StackTop - 8);
        ulong at = rsp;
        ulong argc = SpaceBytes.Word(vm, space, at);
        at += 8;
        var arguments = new List<string>();
        for (ulong i = 0; i < argc; i++, at += 8)
        {
            ulong pointer = SpaceBytes.Word(vm, space, at);
            Assert.InRange(pointer, rsp, ProgramLayout.StackTop - 1);
            arguments.Add(SpaceBytes.Text(vm, space, pointer));
        }

        Assert.Equal(0UL, SpaceBytes.Word(vm, space, at));
        at += 8;
        var environment = new List<string>();
        for (ulong pointer; (pointer = SpaceBytes.Word(vm, space, at)) != 0; at += 8)
        {
            Assert.InRange(pointer, rsp, ProgramLayout.StackTop - 1);
            environment.Add(SpaceBytes.Text(vm, space, pointer));
        }

        at += 8;
        var auxiliary = new Dictionary<ulong, ulong>();
        var order = new List<ulong>();
        for (ulong type; (type = SpaceBytes.Word(vm, space, at)) != InitialStack.AtNull; at += 16)
        {
            auxiliary.Add(type, SpaceBytes.Word(vm, space, at + 8));
            order.Add(type);
        }

        Assert.Equal(0UL, SpaceBytes.Word(vm, space, at + 8));
        return new ParsedStack(rsp, arguments.ToArray(), environment.ToArray(), auxiliary, order);
    }
}
