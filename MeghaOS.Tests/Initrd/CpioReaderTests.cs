// The cpio newc reader (MeghaOS.Kernel/FileSystem/Initrd/CpioReader.cs) over archives built in the test and, where
// the cpio tool is installed, one that `cpio -o -H newc` wrote: entries come back with their names, data and modes;
// every malformed case (truncated at every length, bad magic, non-hexadecimal fields, bad names, no trailer) has its
// status and never reads outside the archive.
namespace MeghaOS.Tests.Initrd;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using MeghaOS.FileSystem.Initrd;
using MeghaOS.Tests.Programs;
using Xunit;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CpioReaderTests
{
    private static (List<(string Name, byte[] Data, uint Mode)> Entries, CpioStatus Final) ReadAll(byte[] archive)
    {
        var entries = new List<(string, byte[], uint)>();
        int offset = 0;
        while (true)
        {
            CpioStatus status = CpioReader.Next(archive, ref offset, out CpioEntry entry);
            if (status != CpioStatus.Success)
            {
                return (entries, status);
            }

            entries.Add((Encoding.ASCII.GetString(entry.Name(archive)), entry.Data(archive).ToArray(), entry.Mode));
        }
    }

    private static byte[] Sample() => new CpioBuilder()
        .Directory("bin")
        .Add("bin/hello", Encoding.ASCII.GetBytes("hello bytes"))
        .Add("bin/empty", Array.Empty<byte>())
        .Add("etc/motd", new byte[] { 1, 2, 3, 4, 5 }, 0x81A4)
        .Trailer()
        .Build();

    [Fact]
    public void ReadsEveryEntryToTheTrailer()
    {
        (List<(string Name, byte[] Data, uint Mode)> entries, CpioStatus final) = ReadAll(Sample());
        Assert.Equal(CpioStatus.End, final);
        Assert.Equal(new[] { "bin", "bin/hello", "bin/empty", "etc/motd" }, entries.ConvertAll(e => e.Name));
        Assert.Equal("hello bytes", Encoding.ASCII.GetString(entries[1].Data));
        Assert.Empty(entries[2].Data);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, entries[3].Data);
        Assert.Equal(0x41EDu, entries[0].Mode);
        Assert.Equal(0x81A4u, entries[3].Mode);
    }

    [Fact]
    public void AcceptsTheChecksumVariantAndLowerCaseDigitsAndTrailingPadding()
    {
        byte[] archive = new CpioBuilder().Add("bin/a", new byte[] { 9 }, magic: "070702", fileSizeField: "0000000a".Substring(0, 7) + "1").Trailer().Build();
        byte[] padded = new byte[archive.Length + 512];
        archive.CopyTo(padded, 0);
        (List<(string Name, byte[] Data, uint Mode)> entries, CpioStatus final) = ReadAll(padded);
        Assert.Equal(CpioStatus.End, final);
        Assert.Single(entries);
    }

    [Fact]
    public void EveryTruncationIsReportedNeverAFault()
    {
        byte[] archive = Sample();
        for (int length = 0; length < archive.Length; length++)
        {
            byte[] cut = archive.AsSpan(0, length).ToArray();
            CpioStatus final = ReadAll(cut).Final;
            Assert.True(final == CpioStatus.Truncated || final == CpioStatus.MissingTrailer, $"length {length}: {final}");
        }
    }

    [Fact]
    public void MalformedEntriesEachHaveTheirStatus()
    {
        Assert.Equal(CpioStatus.MissingTrailer, ReadAll(Array.Empty<byte>()).Final);
        Assert.Equal(CpioStatus.MissingTrailer, ReadAll(new CpioBuilder().Add("bin/a", new byte[3]).Build()).Final);
        Assert.Equal(CpioStatus.BadMagic, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], magic: "070707").Build()).Final);
        Assert.Equal(CpioStatus.BadMagic, ReadAll(Encoding.ASCII.GetBytes(new string('x', 200))).Final);
        Assert.Equal(CpioStatus.BadNumber, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], fileSizeField: "0000000G").Trailer().Build()).Final);
        Assert.Equal(CpioStatus.BadNumber, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], fileSizeField: "-0000003").Trailer().Build()).Final);
        Assert.Equal(CpioStatus.BadName, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], nameSize: 0).Trailer().Build()).Final);
        Assert.Equal(CpioStatus.BadName, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], nameSize: 4).Trailer().Build()).Final);
        Assert.Equal(CpioStatus.BadName, ReadAll(new CpioBuilder().Add("bin/a\0b", new byte[3]).Trailer().Build()).Final);
        Assert.Equal(CpioStatus.Truncated, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], fileSizeField: "FFFFFFFF").Trailer().Build()).Final);
        Assert.Equal(CpioStatus.Truncated, ReadAll(new CpioBuilder().Add("bin/a", new byte[3], nameSize: 0x7FFFFFF0).Trailer().Build()).Final);

        // Garbage after a good entry is found at that entry's end.
        byte[] good = new CpioBuilder().Add("bin/a", new byte[5]).Build();
        byte[] archive = new byte[good.Length + 120];
        good.CopyTo(archive, 0);
        archive[good.Length] = (byte)'Z';
        (List<(string Name, byte[] Data, uint Mode)> entries, CpioStatus final) = ReadAll(archive);
        Assert.Single(entries);
        Assert.Equal(CpioStatus.BadMagic, final);
    }

    [ToolFact("cpio", "cpio")]
    public void ReadsWhatTheCpioToolWrites()
    {
        string directory = Path.Combine(Path.GetTempPath(), "meghaos-cpio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        File.WriteAllBytes(Path.Combine(directory, "bin", "one"), Encoding.ASCII.GetBytes("first file"));
        File.WriteAllBytes(Path.Combine(directory, "bin", "three"), new byte[1001]);
        File.SetUnixFileMode(Path.Combine(directory, "bin", "one"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var start = new ProcessStartInfo("bash", "-c \"printf 'bin\\nbin/one\\nbin/three\\n' | cpio -o -H newc --quiet\"")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
            };
            using Process process = Process.Start(start)!;
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            (List<(string Name, byte[] Data, uint Mode)> entries, CpioStatus final) = ReadAll(output.ToArray());
            Assert.Equal(CpioStatus.End, final);
            Assert.Equal(new[] { "bin", "bin/one", "bin/three" }, entries.ConvertAll(e => e.Name));
            Assert.Equal("first file", Encoding.ASCII.GetString(entries[1].Data));
            Assert.Equal(0x81C0u, entries[1].Mode);
            Assert.Equal(1001, entries[2].Data.Length);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
