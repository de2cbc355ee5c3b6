// Every rule of ElfImage.Validate (MeghaOS.Kernel/Programs/ElfImage.cs), each broken by one crafted file: the file
// gets that rule's own status, the loader maps nothing for it, and its message and errno are the ones execve reports.
namespace MeghaOS.Tests.Programs;

using System;
using System.Buffers.Binary;
using System.Text;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using MeghaOS.Tests.Vm;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class ElfValidationTests : IDisposable
{
    private readonly VmHarness _vm = new VmHarness(kernelInSlotZero: false);

    public void Dispose() => _vm.Dispose();

    private static ElfStatus Validate(byte[] file, ulong limit = 0) => ElfImage.Validate(file, limit, out _);

    // Loads into a fresh space of the real page tables and checks that a failure leaves no page behind and called
    // Map not once.
    private static unsafe ElfStatus LoadLeavingNothing(byte[] file)
    {
        AddressSpace space = VmHarness.NewSpace();
        byte[] before = VmHarness.Pab;
        int maps = VmHarness.MapCalls;
        ElfStatus status = ElfLoader.Load(VmHarness.Operations, space, file, 0, out _);
        if (status != ElfStatus.Success)
        {
            Assert.Equal(before, VmHarness.Pab);
            Assert.Equal(maps, VmHarness.MapCalls);
        }

        Assert.Equal(VmStatus.Success, AddressSpaces.Destroy(space));
        return status;
    }

    private static byte[] With(Action<ElfBuilder> change)
    {
        ElfBuilder builder = ElfBuilder.Typical();
        change(builder);
        return builder.Build();
    }

    private static byte[] Patched(byte[] file, int offset, params byte[] bytes)
    {
        bytes.CopyTo(file, offset);
        return file;
    }

    [Fact]
    public void TypicalFileIsValidAndDescribed()
    {
        Assert.Equal(ElfStatus.Success, ElfImage.Validate(ElfBuilder.Typical().Build(), 0, out ElfImage image));
        Assert.Equal(2, image.SegmentCount);
        Assert.Equal(0x401000UL, image.Program.Entry);
        Assert.Equal(0UL, image.Program.Base);
        Assert.Equal(56UL, image.Program.ProgramHeaderSize);
        Assert.Equal(2UL, image.Program.ProgramHeaderCount);
        Assert.Equal(0x406000UL, image.Program.BreakStart);
        Assert.Equal(PageAccess.Read | PageAccess.Execute, image.Segments[0].Access);
        Assert.Equal(PageAccess.Read | PageAccess.Write, image.Segments[1].Access);
    }

    [Fact]
    public void ShorterThanHeaderIsTruncated()
    {
        byte[] file = ElfBuilder.Typical().Build();
        for (int length = 0; length < ElfImage.HeaderBytes; length++)
        {
            Assert.Equal(ElfStatus.Truncated, Validate(file.AsSpan(0, length).ToArray()));
        }
    }

    [Fact]
    public void HeaderFieldsEachHaveTheirStatus()
    {
        Assert.Equal(ElfStatus.BadMagic, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 1, (byte)'X')));
        Assert.Equal(ElfStatus.BadMagic, LoadLeavingNothing(Encoding.ASCII.GetBytes("#!/bin/sh\necho this is a script, not a program, padded to 64 bytes\n")));
        Assert.Equal(ElfStatus.BadClass, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 4, 1)));
        Assert.Equal(ElfStatus.BadEndianness, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 5, 2)));
        Assert.Equal(ElfStatus.BadVersion, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 6, 0)));
        Assert.Equal(ElfStatus.BadVersion, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 20, 2)));
        Assert.Equal(ElfStatus.NotExecutable, LoadLeavingNothing(With(b => b.Type = 1)));
        Assert.Equal(ElfStatus.NotExecutable, LoadLeavingNothing(With(b => b.Type = 4)));
        Assert.Equal(ElfStatus.WrongMachine, LoadLeavingNothing(With(b => b.Machine = 3)));
        Assert.Equal(ElfStatus.WrongMachine, LoadLeavingNothing(With(b => b.Machine = 183)));
    }

    [Fact]
    public void ProgramHeaderTableMustBeSaneAndInTheFile()
    {
        Assert.Equal(ElfStatus.BadProgramHeaderTable, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 54, 32, 0)));
        Assert.Equal(ElfStatus.BadProgramHeaderTable, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 56, 0, 0)));
        Assert.Equal(ElfStatus.BadProgramHeaderTable, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 56, 0xFF, 0xFF)));
        Assert.Equal(ElfStatus.ProgramHeadersOutsideFile, LoadLeavingNothing(Patched(ElfBuilder.Typical().Build(), 32, 0, 0, 0, 0, 0, 0, 0, 0x80)));
        byte[] file = ElfBuilder.Typical().Build();
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), (ulong)file.Length - 100);
        Assert.Equal(ElfStatus.ProgramHeadersOutsideFile, LoadLeavingNothing(file));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), ulong.MaxValue - 10);
        Assert.Equal(ElfStatus.ProgramHeadersOutsideFile, LoadLeavingNothing(file));
    }

    [Fact]
    public void InterpreterMeansDynamicallyLinkedWithItsMessage()
    {
        byte[] file = With(b => b.Segments.Insert(0, new CraftedSegment { Type = 3, Flags = 4, Offset = 0x3000, FileBytes = 28, MemoryBytes = 28, Content = Encoding.ASCII.GetBytes("/lib64/ld-linux-x86-64.so.2\0") }));
        Assert.Equal(ElfStatus.DynamicallyLinked, LoadLeavingNothing(file));
        Assert.Equal("dynamically linked (PT_INTERP): only static executables run", Encoding.ASCII.GetString(ElfStatusText.Message(ElfStatus.DynamicallyLinked)));
        Assert.Equal(ElfStatusText.ENOEXEC, ElfStatusText.Errno(ElfStatus.DynamicallyLinked));
    }

    [Fact]
    public void WithoutLoadableSegmentThereIsNothingToRun()
    {
        Assert.Equal(ElfStatus.NoLoadableSegment, LoadLeavingNothing(With(b =>
        {
            b.Segments[0].Type = 4;
            b.Segments[1].Type = 0x6474E551;
        })));
        Assert.Equal(ElfStatus.NoLoadableSegment, LoadLeavingNothing(With(b =>
        {
            b.Segments[0].MemoryBytes = b.Segments[0].FileBytes = 0;
            b.Segments[1].MemoryBytes = b.Segments[1].FileBytes = 0;
        })));
    }

    [Fact]
    public void SegmentRulesEachHaveTheirStatus()
    {
        Assert.Equal(ElfStatus.FileSizeAboveMemorySize, LoadLeavingNothing(With(b => b.Segments[1].MemoryBytes = 0x10)));
        Assert.Equal(ElfStatus.SegmentOutsideFile, LoadLeavingNothing(With(b => b.Segments[1].FileBytes = b.Segments[1].MemoryBytes = 0x1000)));
        Assert.Equal(ElfStatus.SegmentOutsideFile, LoadLeavingNothing(With(b => b.Segments[0].Offset = ulong.MaxValue - 0xFFF)));
        Assert.Equal(ElfStatus.MisalignedSegment, LoadLeavingNothing(With(b => b.Segments[1].Address = 0x403020)));
        Assert.Equal(ElfStatus.SegmentAtPageZero, LoadLeavingNothing(With(b => b.Segments[1].Address = 0x10)));
        Assert.Equal(ElfStatus.SegmentInKernelHalf, LoadLeavingNothing(With(b => b.Segments[1].Address = 0xFFFF_FFFF_8000_0010)));
        Assert.Equal(ElfStatus.SegmentInKernelHalf, LoadLeavingNothing(With(b => b.Segments[1].Address = 0x0000_8000_0000_0010)));
        Assert.Equal(ElfStatus.SegmentInKernelHalf, LoadLeavingNothing(With(b => b.Segments[1].MemoryBytes = ulong.MaxValue - 0x1000)));
        Assert.Equal(ElfStatus.SegmentOverlapsStack, LoadLeavingNothing(With(b => b.Segments[1].Address = ProgramLayout.StackBottom + 0x10)));
        Assert.Equal(ElfStatus.SegmentOverlapsStack, LoadLeavingNothing(With(b => b.Segments[1].Address = ProgramLayout.GuardPage + 0x10)));
        Assert.Equal(ElfStatus.SegmentTooLarge, LoadLeavingNothing(With(b => b.Segments[1].MemoryBytes = 1UL << 40)));
        Assert.Equal(ElfStatus.OverlappingSegments, LoadLeavingNothing(With(b => b.Segments[1].Address = 0x401010)));
        Assert.Equal(ElfStatus.OverlappingSegments, LoadLeavingNothing(With(b => b.Segments[1].Address = 0x400010)));
    }

    [Fact]
    public void ImageLimitCountsEverySegment()
    {
        byte[] file = ElfBuilder.Typical().Build();
        Assert.Equal(ElfStatus.Success, Validate(file, 0x4000));
        Assert.Equal(ElfStatus.ImageTooLarge, Validate(file, 0x3FFF));
        Assert.Equal(ElfStatus.SegmentTooLarge, Validate(file, 0x100));
    }

    [Fact]
    public void EntryMustBeInAnExecutableSegment()
    {
        Assert.Equal(ElfStatus.EntryOutsideCode, LoadLeavingNothing(With(b => b.Entry = 0x403010)));
        Assert.Equal(ElfStatus.EntryOutsideCode, LoadLeavingNothing(With(b => b.Entry = 0x401180)));
        Assert.Equal(ElfStatus.EntryOutsideCode, LoadLeavingNothing(With(b => b.Entry = 0)));
        Assert.Equal(ElfStatus.EntryOutsideCode, LoadLeavingNothing(With(b => b.Segments[0].Flags = 4)));
        Assert.Equal(ElfStatus.Success, LoadLeavingNothing(With(b => b.Entry = 0x40117F)));
    }

    [Fact]
    public void StaticPieIsPlacedAtTheFixedBase()
    {
        byte[] file = With(b =>
        {
            b.Type = 3;
            b.Entry = 0x1040;
            b.Segments[0].Address = 0x1000;
            b.Segments[1].Address = 0x3010;
        });
        Assert.Equal(ElfStatus.Success, ElfImage.Validate(file, 0, out ElfImage image));
        Assert.Equal(ProgramLayout.StaticPieBase, image.Program.Base);
        Assert.Equal(ProgramLayout.StaticPieBase + 0x1040, image.Program.Entry);
        Assert.Equal(ProgramLayout.StaticPieBase + 0x1000, image.Segments[0].Address);
    }

    [Fact]
    public void EveryStatusHasItsOwnMessageAndAnErrno()
    {
        var seen = new System.Collections.Generic.HashSet<string>();
        foreach (ElfStatus status in Enum.GetValues<ElfStatus>())
        {
            string message = Encoding.ASCII.GetString(ElfStatusText.Message(status));
            Assert.True(seen.Add(message), $"{status} shares its message \"{message}\"");
            Assert.NotEqual("unknown loader status", message);
            int errno = ElfStatusText.Errno(status);
            Assert.Equal(status == ElfStatus.Success ? 0 : status == ElfStatus.OutOfMemory ? ElfStatusText.ENOMEM : ElfStatusText.ENOEXEC, errno);
        }
    }
}
