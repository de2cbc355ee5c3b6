// The initial ramdisk in QEMU (-kernel with -initrd, QEMU's Multiboot loader passes it as the first module): booting
// with an archive built here lists its bin/ files in /bin with their sizes and prints how many files and bytes were
// loaded; booting without one, or with a malformed one, says so and still reaches the prompt; the ISO's grub.cfg
// passes /boot/initrd.cpio as a module.
namespace MeghaOS.Tests.Boot;

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Initrd;
using MeghaOS.Tests.Programs;
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

    [Fact]
    public void IsoPassesItsRamdiskThroughGrubsModuleLine()
    {
        // The ISO as the build makes it (the project's grub.cfg, the targets' GRUB module list) with /boot/initrd.cpio.
        // 3 MB: GRUB puts it at 1 MiB, where the kernel is copied; LowEntry.asm moves it out of the way first.
        string root = MeghaOS.Tests.Docs.SourceReferences.FindRoot();
        string work = Path.Combine(Path.GetTempPath(), "meghaos-initrd-iso-" + Guid.NewGuid().ToString("N"));
        try
        {
            string boot = Path.Combine(work, "tree", "boot");
            Directory.CreateDirectory(Path.Combine(boot, "grub"));
            File.Copy(Path.Combine(QemuSession.ImageDirectory, "meghaos.bin"), Path.Combine(boot, "meghaos.bin"));
            File.Copy(Path.Combine(root, "MeghaOS.Kernel", "Boot", "grub.cfg"), Path.Combine(boot, "grub", "grub.cfg"));
            File.WriteAllBytes(Path.Combine(boot, "initrd.cpio"), new CpioBuilder().Add("bin/one", new byte[3_004_321]).Add("bin/two", new byte[5]).Trailer().Build());
            string targets = File.ReadAllText(Path.Combine(root, "MeghaOS.Kernel", "MeghaOS.Kernel.Native.targets"));
            Match modules = Regex.Match(targets, "--install-modules=&quot;([^&]*)&quot;");
            Assert.True(modules.Success, "no --install-modules in MeghaOS.Kernel.Native.targets");
            string iso = Path.Combine(work, "initrd.iso");
            using (var mkrescue = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("grub-mkrescue")
            {
                ArgumentList = { "-o", iso, Path.Combine(work, "tree"), "--install-modules=" + modules.Groups[1].Value, "--fonts=", "--locales=", "--themes=" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!)
            {
                string log = mkrescue.StandardError.ReadToEnd() + mkrescue.StandardOutput.ReadToEnd();
                mkrescue.WaitForExit();
                Assert.True(mkrescue.ExitCode == 0, log);
            }

            using var qemu = QemuSession.Start(BootMedium.Iso, 64, image: iso);
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            Assert.True(qemu.Output.Contains("ramdisk: 2 files, 3004326 bytes in /bin\n"), qemu.Describe());
            Assert.Matches(@"- rw +3004321 one\n- rw +5 two\n", qemu.Run("ls /bin", CommandTimeout));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void RamdiskAtQemusKernelModuleLimitArrivesWhole()
    {
        // The largest archive QemuSession passes with -kernel (KernelModuleLimit) loads byte for byte.
        long limit = QemuSession.KernelModuleLimit(Path.Combine(QemuSession.ImageDirectory, "meghaos.bin"));
        int data = (int)(limit - 120 - 124) & ~3;
        byte[] archive = new CpioBuilder().Add("bin/big", new byte[data]).Trailer().Build();
        Assert.InRange(archive.Length, limit - 4, limit);
        string initrd = WriteTemporary(archive);
        string tooLarge = WriteTemporary(new byte[limit + 1]);
        try
        {
            using var qemu = QemuSession.Start(BootMedium.Kernel, 64, initrd: initrd);
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            Assert.True(qemu.Output.Contains($"ramdisk: 1 file, {data} bytes in /bin\n"), qemu.Describe());
            Assert.Throws<ArgumentException>(() => QemuSession.Start(BootMedium.Kernel, 64, initrd: tooLarge));
        }
        finally
        {
            File.Delete(initrd);
            File.Delete(tooLarge);
        }
    }

    [ToolFact("musl-gcc", "musl-tools")]
    public void KernelChecksRealProgramsFromTheRamdisk()
    {
        // The loader's validation compiled into the kernel (the shell's elf command) on a musl static program and a
        // dynamically linked one, both from the ramdisk: the same answers as on the host.
        byte[] hello = MeghaOS.Tests.Programs.HostPrograms.Build("musl-gcc", "-static")!;
        byte[] dynamic = MeghaOS.Tests.Programs.HostPrograms.Build("gcc", "-no-pie")!;
        Assert.Equal(MeghaOS.Programs.ElfStatus.Success, MeghaOS.Programs.ElfImage.Validate(hello, 0, out MeghaOS.Programs.ElfImage image));
        string initrd = WriteTemporary(new CpioBuilder().Add("bin/hello", hello).Add("bin/dynamic", dynamic).Trailer().Build());
        try
        {
            using var qemu = QemuSession.Start(BootMedium.Kernel, 64, initrd: initrd);
            qemu.WaitFor(Kernel.Prompt, BootTimeout);
            string answer = qemu.Run("elf /bin/hello", CommandTimeout);
            Assert.StartsWith($"/bin/hello: static executable (ET_EXEC), entry 0x{image.Program.Entry:x}\n", answer);
            Assert.Equal(image.SegmentCount, Regex.Matches(answer, @"^  0x[0-9a-f]+-0x[0-9a-f]+ r[w-][x-]  \d+ of \d+ bytes from the file$", RegexOptions.Multiline).Count);
            Assert.Contains($"  program headers at 0x{image.Program.ProgramHeaderAddress:x} ({image.Program.ProgramHeaderCount}), break at 0x{image.Program.BreakStart:x}, {image.Program.ImageBytes / 4096} pages\n", answer);
            Assert.Equal("elf: /bin/dynamic: dynamically linked (PT_INTERP): only static executables run\n", qemu.Run("elf /bin/dynamic", CommandTimeout));
        }
        finally
        {
            File.Delete(initrd);
        }
    }
}
