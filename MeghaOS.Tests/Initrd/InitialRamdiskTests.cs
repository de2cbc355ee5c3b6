// Installing /bin from an initial ramdisk (MeghaOS.Kernel/FileSystem/Initrd/InitialRamdisk.cs) into the VFS of a
// booted host kernel: bin/ files arrive with their bytes, everything else is skipped, a malformed archive keeps the
// files before the bad entry and the boot line says where it stopped.
namespace MeghaOS.Tests.Initrd;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.FileSystem.Initrd;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class InitialRamdiskTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    private static byte[] ReadFile(string path)
    {
        Assert.Equal(VfsStatus.Success, Vfs.Open(Encoding.ASCII.GetBytes(path), VfsOpenMode.Read, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Stat(file, out VfsStat stat));
        byte[] bytes = new byte[stat.Size];
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, 0, bytes, out int count));
        Assert.Equal(bytes.Length, count);
        return bytes;
    }

    [Fact]
    public void CopiesBinFilesAndSaysHowMany()
    {
        byte[] big = new byte[70000];
        new Random(7).NextBytes(big);
        byte[] archive = new CpioBuilder()
            .Directory(".")
            .Directory("bin")
            .Add("./bin/hello", Encoding.ASCII.GetBytes("hello"))
            .Add("bin/big", big, 0x81A4)
            .Add("bin/sub/deep", new byte[3])
            .Add("etc/motd", new byte[9])
            .Add("bin/link", Encoding.ASCII.GetBytes("hello"), 0xA1FF)
            .Trailer()
            .Build();

        CapturingTerminal.Take();
        RamdiskResult result = InitialRamdisk.Install(archive);
        Assert.True(result.IsComplete);
        Assert.Equal(2, result.Files);
        Assert.Equal(5UL + 70000, result.Bytes);
        Assert.Equal(5, result.Skipped);
        Assert.Equal("hello", Encoding.ASCII.GetString(ReadFile("/bin/hello")));
        Assert.Equal(big, ReadFile("/bin/big"));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/bin/hello"u8, out VfsStat hello));
        Assert.Equal(0x1EDu, hello.Mode);
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/bin/big"u8, out VfsStat bigStat));
        Assert.Equal(0x1A4u, bigStat.Mode);
        Assert.Equal(VfsStatus.NotFound, Vfs.Stat("/bin/link"u8, out _));
        Assert.Equal(VfsStatus.NotFound, Vfs.Stat("/etc"u8, out _));

        InitialRamdisk.WriteSummary(result);
        Assert.Equal("ramdisk: 2 files, 70005 bytes in /bin\n", CapturingTerminal.Take());
    }

    [Fact]
    public void MalformedArchiveKeepsWhatCameBeforeAndSaysWhere()
    {
        byte[] good = new CpioBuilder().Add("bin/one", new byte[] { 1 }).Build();
        byte[] archive = new byte[good.Length + 200];
        good.CopyTo(archive, 0);
        Encoding.ASCII.GetBytes("070701zz").CopyTo(archive, good.Length);
        RamdiskResult result = InitialRamdisk.Install(archive);
        Assert.False(result.IsComplete);
        Assert.Equal(CpioStatus.BadNumber, result.Archive);
        Assert.Equal(good.Length, result.Offset);
        Assert.Equal(new byte[] { 1 }, ReadFile("/bin/one"));

        CapturingTerminal.Take();
        InitialRamdisk.WriteSummary(result);
        Assert.Equal($"ramdisk: malformed at byte {good.Length} (header field is not hexadecimal); 1 file, 1 bytes in /bin\n", CapturingTerminal.Take());
    }

    [Fact]
    public void EmptyArchiveStillMakesBin()
    {
        RamdiskResult result = InitialRamdisk.Install(new CpioBuilder().Trailer().Build());
        Assert.True(result.IsComplete);
        Assert.Equal(0, result.Files);
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/bin"u8, out VfsStat stat));
        Assert.Equal(VfsNodeKind.Directory, stat.Kind);
    }

    [Fact]
    public void RamfsKeepsPermissionBitsAndOtherFileSystemsRefuse()
    {
        Assert.Equal(VfsStatus.Success, Vfs.MakeDirectory("/d"u8));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/d"u8, out VfsStat directory));
        Assert.Equal(0x1EDu, directory.Mode);
        Assert.Equal(VfsStatus.Success, Vfs.Open("/d/f"u8, VfsOpenMode.Write | VfsOpenMode.Create, out _));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/d/f"u8, out VfsStat file));
        Assert.Equal(0x1A4u, file.Mode);
        Assert.Equal(VfsStatus.Success, Vfs.SetMode("/d/f"u8, 0x81ED | 0xE00));
        Assert.Equal(VfsStatus.Success, Vfs.Stat("/d/f"u8, out file));
        Assert.Equal(0xFEDu, file.Mode);
        Assert.Equal(VfsStatus.NotSupported, Vfs.SetMode("/dev/zero"u8, 0x1ED));
        Assert.Equal(VfsStatus.NotFound, Vfs.SetMode("/d/missing"u8, 0x1ED));
    }
}
