// The build's output has the shape MeghaOS's ELF loader accepts (issue 10): every program in the ramdisk is a
// static ELF64 x86-64 executable (no PT_INTERP, no PT_DYNAMIC), the C# ones linked at 0x400000 with no segment
// both writable and executable and the entry point inside an executable segment; and initrd.cpio (cpio newc) holds
// exactly /bin/NAME for every Programs/*.cs, musl-NAME for every Musl/*.c and busybox when the host has the static
// one, byte for byte the built files. The programs are found from the source folders, so a new program is checked
// without editing this file.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

public sealed class ExecutableFormatTests
{
    private const uint LoadSegment = 1, DynamicSegment = 2, InterpreterSegment = 3;
    private const uint Execute = 1, Writable = 2;

    public static IEnumerable<object[]> CSharpPrograms => UserProgramHost.CSharpProgramNames.Select(name => new object[] { name });

    public static IEnumerable<object[]> RamdiskPrograms =>
        UserProgramHost.CSharpProgramNames.Concat(UserProgramHost.MuslProgramNames).Select(name => new object[] { name });

    private sealed record Segment(uint Type, uint Flags, ulong VirtualAddress, ulong MemorySize);

    private static (ushort Type, ulong Entry, List<Segment> Segments) ReadElf(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        Assert.True(image.Length >= 64, path + " is shorter than an ELF header");
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, image.Take(6).ToArray());
        Assert.Equal(62, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(18))); // EM_X86_64
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(16));
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(24));
        ulong headers = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(32));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(54));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(56));
        var segments = new List<Segment>();
        for (int i = 0; i < count; i++)
        {
            Span<byte> header = image.AsSpan((int)headers + i * size, size);
            segments.Add(new Segment(
                BinaryPrimitives.ReadUInt32LittleEndian(header),
                BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(4)),
                BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(16)),
                BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(40))));
        }

        return (type, entry, segments);
    }

    [Theory]
    [MemberData(nameof(RamdiskPrograms))]
    public void EveryProgramIsAStaticElf64Executable(string name)
    {
        var (type, _, segments) = ReadElf(UserProgramHost.PathOf(name));
        Assert.True(type == 2 || type == 3, name + ": neither ET_EXEC nor ET_DYN (static PIE)");
        Assert.DoesNotContain(segments, segment => segment.Type == InterpreterSegment);
        if (type == 2)
        {
            Assert.DoesNotContain(segments, segment => segment.Type == DynamicSegment);
        }

        Assert.Contains(segments, segment => segment.Type == LoadSegment);
    }

    [Theory]
    [MemberData(nameof(CSharpPrograms))]
    public void CSharpProgramsAreLinkedAt4MiBWithSeparateCodeAndData(string name)
    {
        var (type, entry, segments) = ReadElf(UserProgramHost.PathOf(name));
        Assert.Equal(2, type);
        List<Segment> loads = segments.Where(segment => segment.Type == LoadSegment).ToList();
        Assert.Equal(0x400000UL, loads.Min(segment => segment.VirtualAddress));
        Assert.DoesNotContain(loads, segment => (segment.Flags & (Execute | Writable)) == (Execute | Writable));
        Assert.Contains(loads, segment => (segment.Flags & Execute) != 0 &&
            entry >= segment.VirtualAddress && entry < segment.VirtualAddress + segment.MemorySize);
        Assert.Contains(loads, segment => (segment.Flags & Writable) != 0);
    }

    [Fact]
    public void InitrdHoldsEveryProgramUnderBin()
    {
        Dictionary<string, (uint Mode, byte[] Data)> entries = ReadNewcArchive(File.ReadAllBytes(UserProgramHost.Initrd));
        var expected = UserProgramHost.CSharpProgramNames.Concat(UserProgramHost.MuslProgramNames).ToList();
        if (File.Exists(UserProgramHost.PathOf("busybox")))
        {
            expected.Add("busybox");
        }

        Assert.Equal(0x41EDu, entries["bin"].Mode);
        Assert.Equal(
            expected.Select(name => "bin/" + name).OrderBy(name => name, StringComparer.Ordinal),
            entries.Keys.Where(key => key != "bin").OrderBy(name => name, StringComparer.Ordinal));
        foreach (string name in expected)
        {
            Assert.Equal(0x81EDu, entries["bin/" + name].Mode);
            Assert.True(File.ReadAllBytes(UserProgramHost.PathOf(name)).AsSpan().SequenceEqual(entries["bin/" + name].Data),
                "bin/" + name + " in the ramdisk differs from the built file");
        }
    }

    [Fact]
    public void BusyboxIsInTheRamdiskExactlyWhenTheHostHasTheStaticOne()
    {
        bool hostHasStatic = File.Exists("/bin/busybox") &&
            !ReadElf("/bin/busybox").Segments.Any(segment => segment.Type == InterpreterSegment);
        Assert.Equal(hostHasStatic, File.Exists(UserProgramHost.PathOf("busybox")));
    }

    // A reader written from the format's definition (not the build's writer): 110-byte header of "070701" and 13
    // eight-digit hex fields, the name (with NUL) padded to 4 bytes, the data padded to 4 bytes, up to TRAILER!!!.
    private static Dictionary<string, (uint Mode, byte[] Data)> ReadNewcArchive(byte[] archive)
    {
        var entries = new Dictionary<string, (uint, byte[])>(StringComparer.Ordinal);
        int position = 0;
        while (true)
        {
            string header = Encoding.ASCII.GetString(archive, position, 110);
            Assert.StartsWith("070701", header);
            uint Field(int index) => Convert.ToUInt32(header.Substring(6 + index * 8, 8), 16);
            uint mode = Field(1);
            int fileSize = (int)Field(6);
            int nameSize = (int)Field(11);
            string name = Encoding.ASCII.GetString(archive, position + 110, nameSize - 1);
            position = Align(position + 110 + nameSize);
            if (name == "TRAILER!!!")
            {
                Assert.Equal(archive.Length, position);
                return entries;
            }

            entries.Add(name, (mode, archive.AsSpan(position, fileSize).ToArray()));
            position = Align(position + fileSize);
        }
    }

    private static int Align(int value) => (value + 3) & ~3;
}
