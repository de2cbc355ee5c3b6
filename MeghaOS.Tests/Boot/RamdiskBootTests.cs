// The initial ramdisk in QEMU (-kernel with -initrd, QEMU's Multiboot loader passes it as the first module): booting
// with an archive built here lists its bin/ files in /bin with their sizes and prints how many files and bytes were
// loaded; booting without one, or with a malformed one, says so and still reaches the prompt.
namespace MeghaOS.Tests.Boot;

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Initrd;
using Xunit;

[Collection("QEMU")]
public sealed class RamdiskBootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private static string WriteTemporary(byte[] archive)
    {
        string path = Path.Combine(Path.GetTempPath(), "meghaos-initrd-" + Guid.NewGuid().ToString("N") + ".cpio");
        File.WriteAllBytes(path, archive);
        return path;
    }

    [Fact]
    public void BootWithRamdiskListsBinWithSizes()
    {
        var random = new Random(10);
        var files = new Dictionary<string, byte[]>
        {
            ["hello"] = new byte[123],
            ["big"] = new byte[150_001],
            ["empty"] = Array.Empty<byte>(),
        };
        var builder = new CpioBuilder().Directory("bin");
        foreach ((string name, byte[] data) in files)
        {
            random.NextBytes(data);
            builder.Add("bin/" + name, data);
        }

        builder.Add("etc/skipped", new byte[5]);
        string initrd = WriteTemporary(builder.Trailer().Build());
        try
        {
            using var qemu = QemuSession.Start(BootMedium.Kernel, 64, initrd: initrd);
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            Assert.Contains("ramdisk: 3 files, 150124 bytes in /bin\n", qemu.Output);

            string listing = qemu.Run("ls /bin", CommandTimeout);
            var sizes = new Dictionary<string, long>();
            foreach (Match line in Regex.Matches(listing, @"^- rw +(\d+) (\S+)$", RegexOptions.Multiline))
            {
                sizes.Add(line.Groups[2].Value, long.Parse(line.Groups[1].Value));
            }

            Assert.Equal(files.Count, sizes.Count);
            foreach ((string name, byte[] data) in files)
            {
                Assert.Equal(data.Length, sizes[name]);
            }
        }
        finally
        {
            File.Delete(initrd);
        }
    }

    [Fact]
    public void BootWithoutRamdiskSaysSoAndReachesThePrompt()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, initrd: string.Empty);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Contains("ramdisk: none (no Multiboot module); /bin is not created\n", qemu.Output);
        Assert.Contains("no such file or directory", qemu.Run("ls /bin", CommandTimeout));
    }

    [Fact]
    public void BootWithMalformedRamdiskSaysWhereAndReachesThePrompt()
    {
        byte[] good = new CpioBuilder().Add("bin/first", new byte[77]).Build();
        byte[] archive = new byte[good.Length + 300];
        good.CopyTo(archive, 0);
        System.Text.Encoding.ASCII.GetBytes("garbage!").CopyTo(archive, good.Length);
        string initrd = WriteTemporary(archive);
        try
        {
            using var qemu = QemuSession.Start(BootMedium.Kernel, 64, initrd: initrd);
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            Assert.Contains($"ramdisk: malformed at byte {good.Length} (not a cpio newc header); 1 file, 77 bytes in /bin\n", qemu.Output);
            Assert.Matches(@"- rw +77 first", qemu.Run("ls /bin", CommandTimeout));
        }
        finally
        {
            File.Delete(initrd);
        }
    }
}
