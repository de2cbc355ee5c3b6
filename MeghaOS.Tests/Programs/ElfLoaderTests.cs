// Loading programs into address spaces of the real page-table code (MeghaOS.Tests/Vm/VmHarness.cs, the default
// implementation): crafted files land byte for byte with their permissions and zeroed bss; real static programs built
// on the host by gcc (glibc, also as a static PIE) and musl-gcc load with every PT_LOAD segment where readelf would
// put it and their bytes equal to the file's; a dynamically linked program is refused; a load that runs out of frames
// at any point gives every frame back (the PAB as it was).
namespace MeghaOS.Tests.Programs;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using MeghaOS.Tests.Vm;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ElfLoaderTests : IDisposable
{
    private readonly VmHarness _vm = new VmHarness(kernelInSlotZero: false);

    public void Dispose() => _vm.Dispose();

    private static ElfStatus Load(AddressSpace space, byte[] file, out LoadedProgram program) =>
        ElfLoader.Load(VmHarness.Operations, space, file, 0, out program);

    private static byte[] ReadBytes(AddressSpace space, ulong address, int count) =>
        SpaceBytes.Read(VmHarness.Operations, space, address, count);

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
    private static void AssertLoadedAsTheFileSays(AddressSpace space, byte[] file, ulong loadBase)
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

            Assert.Equal(file.AsSpan((int)offset, (int)fileBytes).ToArray(), ReadBytes(space, start, (int)fileBytes));
            byte[] bss = ReadBytes(space, start + fileBytes, (int)(memoryBytes - fileBytes));
            Assert.All(bss, b => Assert.Equal(0, b));
        }

        Assert.Equal(expectedPages.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), VmHarness.Pages(space));
    }

    [Fact]
    public void CraftedProgramLandsWithItsBytesPermissionsAndZeroBss()
    {
        AddressSpace space = VmHarness.NewSpace();
        byte[] file = ElfBuilder.Typical().Build();
        Assert.Equal(ElfStatus.Success, Load(space, file, out LoadedProgram program));
        AssertLoadedAsTheFileSays(space, file, 0);
        Assert.Equal(0x401000UL, program.Entry);
        Assert.Equal(0x406000UL, program.BreakStart);
        Assert.Equal(4, VmHarness.Pages(space).Count);
    }

    [Fact]
    public void LoadingIntoAnOccupiedRangeFailsAndGivesBackWhatItMapped()
    {
        AddressSpace space = VmHarness.NewSpace();
        Assert.Equal(VmStatus.Success, AddressSpaces.Map(space, 0x404000, 0x1000, PageAccess.Read));
        byte[] before = VmHarness.Pab;
        Assert.Equal(ElfStatus.MapFailed, Load(space, ElfBuilder.Typical().Build(), out _));
        Assert.Equal(new[] { (0x404000UL, PageAccess.Read) }, VmHarness.Pages(space));
        Assert.Equal(before, VmHarness.Pab);
    }

    [Fact]
    public void RunningOutOfFramesAtEveryPointLeavesNothingMapped()
    {
        // The program needs 7 frames at once: 4 pages and the 3 tables below the root that reach 0x401000.
        byte[] file = ElfBuilder.Typical().Build();
        for (ulong free = 0; ; free++)
        {
            AddressSpace space = VmHarness.NewSpace();
            _vm.HoldAllBut(free);
            byte[] before = VmHarness.Pab;
            ElfStatus status = Load(space, file, out _);
            if (status == ElfStatus.Success)
            {
                Assert.Equal(7UL, free);
                _vm.Release();
                Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
                break;
            }

            Assert.Equal(ElfStatus.OutOfMemory, status);
            Assert.Equal(before, VmHarness.Pab);
            Assert.Empty(VmHarness.Pages(space));
            _vm.Release();
            Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        }

        Assert.Equal(ElfStatusText.ENOMEM, ElfStatusText.Errno(ElfStatus.OutOfMemory));

        // A space limited to one frame fewer than the program needs (root included) refuses it the same way.
        AddressSpace small = VmHarness.NewSpace(7);
        byte[] empty = VmHarness.Pab;
        Assert.Equal(ElfStatus.OutOfMemory, Load(small, file, out _));
        Assert.Equal(empty, VmHarness.Pab);
        Assert.Equal(1UL, AddressSpaces.FrameCount(small));
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
        AddressSpace space = VmHarness.NewSpace();
        byte[] before = VmHarness.Pab;
        Assert.Equal(ElfStatus.DynamicallyLinked, Load(space, file!, out _));
        Assert.Equal(before, VmHarness.Pab);
        Assert.Equal(0, VmHarness.MapCalls);
    }

    private static void LoadsRealProgram(byte[]? file, ulong loadBase)
    {
        Assert.True(file != null, "the host compiler is installed but could not build the program");
        byte[] before = VmHarness.Pab;
        AddressSpace space = VmHarness.NewSpace();
        Assert.Equal(ElfStatus.Success, Load(space, file!, out LoadedProgram program));
        AssertLoadedAsTheFileSays(space, file!, loadBase);
        Assert.Equal(loadBase, program.Base);
        Assert.Equal(loadBase + BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24)), program.Entry);
        Assert.True((VmHarness.Pages(space).Single(p => p.Address == (program.Entry & ~0xFFFUL)).Access & PageAccess.Execute) != 0);

        // AT_PHDR points at the program headers as loaded: the bytes there are the file's table.
        ulong table = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        Assert.NotEqual(0UL, program.ProgramHeaderAddress);
        Assert.Equal(file.AsSpan((int)table, (int)(56 * program.ProgramHeaderCount)).ToArray(),
            ReadBytes(space, program.ProgramHeaderAddress, (int)(56 * program.ProgramHeaderCount)));
        Assert.Equal(56UL, program.ProgramHeaderSize);
        Assert.Equal((ulong)BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(56)), program.ProgramHeaderCount);

        // The break starts at the page after the highest segment.
        ulong highest = LoadHeaders(file!).Max(h => loadBase + h.Address + h.MemoryBytes);
        Assert.Equal((highest + 0xFFF) & ~0xFFFUL, program.BreakStart);

        // The stack goes on top and parses back; then the whole space goes away.
        StackLayoutCheck.BuildAndParse(space, program, new[] { "/bin/hello", "one" }, new[] { "PATH=/bin" });
        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        Assert.Equal(before, VmHarness.Pab);
    }
}
