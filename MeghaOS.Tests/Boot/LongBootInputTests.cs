// End to end in QEMU: what the loader hands over is taken whole, however long. A memory map of 107 entries (GRUB's
// cutmem with 100 holes, in an ISO this test makes with its own grub.cfg) is read to its last entry: no warning,
// /sys/pmm/regions lists every entry, every hole is reserved and the RAM between the last holes is used. A kernel
// command line of 5 KB is read to its end, so an option after the first 4096 bytes is applied.
namespace MeghaOS.Tests.Boot;

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MeghaOS.Tests.EndToEnd;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class LongBootInputTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    // 100 holes of one frame, 128 KiB apart, from 32 MiB.
    private const ulong FirstHole = 0x2000000;
    private const ulong HoleStride = 0x20000;
    private const int Holes = 100;

    [Fact]
    public void AMemoryMapOfMoreThan64EntriesIsTakenWhole()
    {
        string directory = Path.Combine(Path.GetTempPath(), "meghaos-cutmem-" + Guid.NewGuid().ToString("N"));
        try
        {
            string iso = MakeIso(directory);
            using var qemu = QemuSession.Start(BootMedium.Iso, 128, image: iso);
            int prompt = qemu.WaitFor(Kernel.Prompt, BootTimeout);
            Assert.DoesNotContain("warning:", qemu.Output.Substring(0, prompt));

            string[] regions = qemu.Run("cat /sys/pmm/regions", CommandTimeout).TrimEnd('\n').Split('\n');
            Assert.True(regions.Length > 64 + 40, "only " + regions.Length + " entries in /sys/pmm/regions");
            // The usable RAM after each hole is an entry of its own.
            Assert.Equal(Holes, regions.Count(line => line.EndsWith(" usable", StringComparison.Ordinal) &&
                Convert.ToUInt64(line.Substring(2, 16), 16) is >= FirstHole and < FirstHole + Holes * HoleStride + 0x1000));

            // Every hole is reserved; the RAM between the last holes (past any 64th entry) is there to allocate.
            for (int hole = Holes - 3; hole < Holes; hole++)
            {
                string address = "0x" + (FirstHole + (ulong)hole * HoleStride).ToString("x");
                Assert.Equal("pmm alloc-at: the frames are reserved\n", qemu.Run("pmm alloc-at " + address + " 1", CommandTimeout));
                string between = "0x" + (FirstHole + (ulong)hole * HoleStride - 0x10000).ToString("x");
                Assert.StartsWith("allocated 1 frame at", qemu.Run("pmm alloc-at " + between + " 1", CommandTimeout));
                Assert.StartsWith("freed 1 frame at", qemu.Run("pmm free " + between + " 1", CommandTimeout));
            }

            Assert.Matches(ShellTranscript.ConsistentPattern(CatalogText.DefaultPmm), qemu.Run("pmm check", CommandTimeout));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ACommandLineLongerThan4096BytesIsReadToItsEnd()
    {
        string padding = "pad=" + new string('x', 5000);
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: padding + " heap=slab");
        int prompt = qemu.WaitFor(Kernel.Prompt, BootTimeout);
        string boot = qemu.Output.Substring(0, prompt);
        Assert.Contains("boot option heap=slab: active\n", boot);
        Assert.Equal(CatalogText.ImplementationList(CatalogText.HeapNames, "slab"), qemu.Run("cat /sys/heap/implementation", CommandTimeout));
    }

    // The kernel's ISO, made the way the build makes it (MeghaOS.Kernel.Native.targets) but with cutmem lines.
    private static string MakeIso(string directory)
    {
        string boot = Path.Combine(directory, "iso", "boot");
        Directory.CreateDirectory(Path.Combine(boot, "grub"));
        File.Copy(Path.Combine(QemuSession.ImageDirectory, "meghaos.bin"), Path.Combine(boot, "meghaos.bin"));
        var config = new StringBuilder("set timeout=0\nset default=0\n");
        for (int hole = 0; hole < Holes; hole++)
        {
            ulong cut = FirstHole + (ulong)hole * HoleStride;
            config.Append("cutmem 0x").Append(cut.ToString("x")).Append(" 0x").Append((cut + 0x1000).ToString("x")).Append('\n');
        }

        config.Append("menuentry \"MeghaOS\" {\n    multiboot /boot/meghaos.bin\n    boot\n}\n");
        File.WriteAllText(Path.Combine(boot, "grub", "grub.cfg"), config.ToString());
        string iso = Path.Combine(directory, "cutmem.iso");
        var start = new ProcessStartInfo("grub-mkrescue") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-o", iso, Path.Combine(directory, "iso"), "--install-modules=multiboot normal configfile serial terminal", "--fonts=", "--locales=", "--themes=" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "grub-mkrescue failed:\n" + output);
        return iso;
    }
}
