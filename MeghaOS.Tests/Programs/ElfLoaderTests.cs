// Loading programs into the host address space fake (MeghaOS.Tests/Support/HostAddressSpace.cs): crafted files land
// byte for byte with their permissions and zeroed bss; real static programs built on the host by gcc (glibc, also as
// a static PIE) and musl-gcc load with every PT_LOAD segment where readelf would put it and their bytes equal to the
// file's; a dynamically linked program is refused; a load that runs out of frames part-way gives every frame back.
namespace MeghaOS.Tests.Programs;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using Xunit;

public sealed unsafe class ElfLoaderTests
{
    private static ElfStatus Load(HostAddressSpace host, AddressSpace space, byte[] file, out LoadedProgram program)
    {
        AddressSpaceOperations vm = host.Operations;
        return ElfLoader.Load(vm, space, file, 0, out program);
    }

    // Every PT_LOAD of the file, read straight from its bytes (independently of ElfImage).
    private static List<(ulong Address, ulong Offset, ulong FileBytes, ulong MemoryBytes, uint Flags)> LoadHeaders(byte[] file)
    {
        var headers = new List<(ulong, ulong, ulong, ulong, uint)>();
        ulong table = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(56));
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> header = file.AsSpan((int)table + 56 * i, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) == 1)
            {
                headers.Add((BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(16)), BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(8)),
                    BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(32)), BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(40)),
                    BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(4))));
            }
        }

        return headers;
    }

    // Checks that every segment is mapped with its permissions, holds the file's bytes and zeros after them, and
    // that nothing else is mapped.
    private static void AssertLoadedAsTheFileSays(HostAddressSpace host, AddressSpace space, byte[] file, ulong loadBase)
    {
        var expectedPages = new Dictionary<ulong, PageAccess>();
        foreach ((ulong address, ulong offset, ulong fileBytes, ulong memoryBytes, uint flags) in LoadHeaders(file))
        {
            ulong start = loadBase + address;
            PageAccess access = PageAccess.Read | ((flags & 2) != 0 ? PageAccess.Write : 0) | ((flags & 1) != 0 ? PageAccess.Execute : 0);
            for (ulong page = start & ~0xFFFUL; page < start + memoryBytes; page += 0x1000)
            {
                expectedPages.Add(page, access);
            }

            Assert.Equal(file.AsSpan((int)offset, (int)fileBytes).ToArray(), host.ReadBytes(space, start, (int)fileBytes));
            byte[] bss = host.ReadBytes(space, start + fileBytes, (int)(memoryBytes - fileBytes));
            Assert.All(bss, b => Assert.Equal(0, b));
        }

        Assert.Equal(expectedPages.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), host.Pages(space));
    }

    [Fact]
    public void CraftedProgramLandsWithItsBytesPermissionsAndZeroBss()
    {
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        byte[] file = ElfBuilder.Typical().Build();
        Assert.Equal(ElfStatus.Success, Load(host, space, file, out LoadedProgram program));
        AssertLoadedAsTheFileSays(host, space, file, 0);
        Assert.Equal(0x401000UL, program.Entry);
        Assert.Equal(0x406000UL, program.BreakStart);
        Assert.Equal(4UL, host.FramesOutstanding);
    }

    [Fact]
    public void LoadingIntoAnOccupiedRangeFailsAndGivesBackWhatItMapped()
    {
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        AddressSpaceOperations vm = host.Operations;
        Assert.Equal(VmStatus.Success, vm.Map(vm.Context, space, 0x404000, 0x1000, PageAccess.Read));
        Assert.Equal(ElfStatus.MapFailed, Load(host, space, ElfBuilder.Typical().Build(), out _));
        Assert.Equal(new[] { (0x404000UL, PageAccess.Read) }, host.Pages(space));
    }

    [Fact]
    public void RunningOutOfFramesAtEveryPointLeavesNothingMapped()
    {
        byte[] file = ElfBuilder.Typical().Build();
        for (ulong budget = 0; budget < 4; budget++)
        {
            using var host = new HostAddressSpace { FrameBudget = budget };
            AddressSpace space = host.NewSpace();
            Assert.Equal(ElfStatus.OutOfMemory, Load(host, space, file, out _));
            Assert.Equal(0UL, host.FramesOutstanding);
            Assert.Equal(ElfStatusText.ENOMEM, ElfStatusText.Errno(ElfStatus.OutOfMemory));
        }

        using var limited = new HostAddressSpace();
        AddressSpaceOperations vm = limited.Operations;
        Assert.Equal(VmStatus.Success, vm.Create(vm.Context, 3, out AddressSpace small));
        Assert.Equal(ElfStatus.OutOfMemory, ElfLoader.Load(vm, small, file, 0, out _));
        Assert.Equal(0UL, limited.FramesOutstanding);
    }

    [ToolFact("gcc", "gcc")]
    public void GlibcStaticHelloLoads() => LoadsRealProgram(HostPrograms.Build("gcc", "-static"), 0);

    [ToolFact("gcc", "gcc")]
    public void GlibcStaticPieLoadsAtTheFixedBase() => LoadsRealProgram(HostPrograms.Build("gcc", "-static-pie"), ProgramLayout.StaticPieBase);

    [ToolFact("musl-gcc", "musl-tools")]
    public void MuslStaticHelloLoads() => LoadsRealProgram(HostPrograms.Build("musl-gcc", "-static"), 0);

    [ToolFact("gcc", "gcc")]
    public void DynamicallyLinkedProgramIsRefused()
    {
        byte[]? file = HostPrograms.Build("gcc", "-no-pie");
        Assert.NotNull(file);
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        Assert.Equal(ElfStatus.DynamicallyLinked, Load(host, space, file!, out _));
        Assert.Equal(0UL, host.FramesOutstanding);
    }

    private static void LoadsRealProgram(byte[]? file, ulong loadBase)
    {
        Assert.True(file != null, "the host compiler is installed but could not build the program");
        using var host = new HostAddressSpace();
        AddressSpace space = host.NewSpace();
        Assert.Equal(ElfStatus.Success, Load(host, space, file!, out LoadedProgram program));
        AssertLoadedAsTheFileSays(host, space, file!, loadBase);
        Assert.Equal(loadBase, program.Base);
        Assert.Equal(loadBase + BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24)), program.Entry);
        Assert.True((host.Pages(space).Single(p => p.Address == (program.Entry & ~0xFFFUL)).Access & PageAccess.Execute) != 0);

        // AT_PHDR points at the program headers as loaded: the bytes there are the file's table.
        ulong table = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        Assert.NotEqual(0UL, program.ProgramHeaderAddress);
        Assert.Equal(file.AsSpan((int)table, (int)(56 * program.ProgramHeaderCount)).ToArray(),
            host.ReadBytes(space, program.ProgramHeaderAddress, (int)(56 * program.ProgramHeaderCount)));
        Assert.Equal(56UL, program.ProgramHeaderSize);
        Assert.Equal((ulong)BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(56)), program.ProgramHeaderCount);

        // The break starts at the page after the highest segment.
        ulong highest = LoadHeaders(file!).Max(h => loadBase + h.Address + h.MemoryBytes);
        Assert.Equal((highest + 0xFFF) & ~0xFFFUL, program.BreakStart);

        // The stack goes on top and parses back; then the whole space goes away.
        StackLayoutCheck.BuildAndParse(host, space, program, new[] { "/bin/hello", "one" }, new[] { "PATH=/bin" });
        AddressSpaceOperations vm = host.Operations;
        Assert.Equal(VmStatus.Success, vm.Destroy(vm.Context, space));
        Assert.Equal(0UL, host.FramesOutstanding);
    }
}
