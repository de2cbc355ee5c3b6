// End to end in QEMU, each on a machine of its own (they fill memory or the heap): the shell cannot free the kernel
// heap's frames (the issue's exact sequence: `pmm free` of the heap's first chunk, then hundreds of files, with every
// path still working and the heap and the PMM agreeing), and a heap switched out gives its emptied frames back, so
// with memory full, files removed from the old heap make room for new ones in the active heap.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class KernelMemoryEndToEndTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private static readonly Regex OwnerLine = new(@"^0x([0-9a-f]{16}) (\d+) ([a-z0-9-]+)$");

    // Every allocation of /sys/pmm/owners: (address, frames, owner).
    private static List<(string Address, long Frames, string Owner)> Owners(QemuSession qemu)
    {
        var owners = new List<(string, long, string)>();
        foreach (string line in qemu.Run("cat /sys/pmm/owners", CommandTimeout).TrimEnd('\n').Split('\n'))
        {
            Match match = OwnerLine.Match(line);
            Assert.True(match.Success, "not an owners line: '" + line + "'");
            owners.Add(("0x" + match.Groups[1].Value.TrimStart('0'), long.Parse(match.Groups[2].Value), match.Groups[3].Value));
        }

        return owners;
    }

    private static long Stat(QemuSession qemu, string key) =>
        long.Parse(ShellTranscript.DecodeStats(qemu.Run("cat /sys/pmm/stats", CommandTimeout))[key], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("freelist")]
    [InlineData("slab")]
    public void TheShellCannotFreeTheKernelHeapsFrames(string heap)
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "heap=" + heap);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);
        Assert.Equal("", qemu.Run("echo first > /first", CommandTimeout));

        // The heap's largest run (the free-list heap's first 16-frame chunk, or a slab), as /sys/pmm/owners names it.
        (string address, long frames, string _) = Owners(qemu).FindLast(owner => owner.Owner == "kernel-heap");
        foreach ((string Address, long Frames, string Owner) owner in Owners(qemu))
        {
            if (owner.Owner == "kernel-heap" && owner.Frames > frames)
            {
                (address, frames) = (owner.Address, owner.Frames);
            }
        }

        long allocated = Stat(qemu, "allocated_frames");
        Assert.Equal("pmm free: the frames belong to another owner (kernel-heap: " + frames + " frame" + (frames == 1 ? "" : "s") +
            " at 0x" + Convert.ToUInt64(address, 16).ToString("x16") + ")\n", qemu.Run("pmm free " + address + " " + frames, CommandTimeout));
        Assert.Equal(allocated, Stat(qemu, "allocated_frames"));

        // What used to hand the chunk to the heap a second time and break every path: many small files.
        const int files = 240;
        for (int i = 0; i < files; i += 20)
        {
            for (int j = i; j < i + 20; j++)
            {
                qemu.SendLine("echo file number " + j + " > /c" + j.ToString("D4", CultureInfo.InvariantCulture));
            }

            qemu.Run("pwd", CommandTimeout);
        }

        Assert.Equal("file number 0\n", qemu.Run("cat /c0000", CommandTimeout));
        Assert.Equal("file number " + (files - 1) + "\n", qemu.Run("cat /c" + (files - 1).ToString("D4", CultureInfo.InvariantCulture), CommandTimeout));
        Assert.Equal("first\n", qemu.Run("cat /first", CommandTimeout));
        Assert.Contains(" sys/\n", qemu.Run("ls /", CommandTimeout));
        Assert.Equal("/sys/pmm\n", qemu.Run("cd /sys/pmm", CommandTimeout) + qemu.Run("pwd", CommandTimeout));
        qemu.Run("cd /", CommandTimeout);
        Assert.DoesNotContain("not a directory", qemu.Output);

        // The PMM's kernel-heap frames are the heaps' own count, and pmm check says both agree.
        string mem = qemu.Run("mem", CommandTimeout);
        long heapFrames = long.Parse(Regex.Match(mem, @"from PMM +(\d+) frames").Groups[1].Value);
        long owned = 0;
        foreach ((string _, long count, string owner) in Owners(qemu))
        {
            owned += owner == "kernel-heap" ? count : 0;
        }

        Assert.Equal(heapFrames, owned);
        Assert.Matches(ShellTranscript.ConsistentPattern(CatalogText.DefaultPmm), qemu.Run("pmm check", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void WithMemoryFullTheOldHeapsFreedFramesServeTheNewHeap()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 32);
        qemu.WaitFor(Kernel.Prompt, BootTimeout);

        // Files in the free-list heap, big enough to spread over several chunks.
        string text = new string('m', 120); // with "echo" and " > /mNNN", within the shell's 160-character line
        for (int i = 0; i < 300; i += 25)
        {
            for (int j = i; j < i + 25; j++)
            {
                qemu.SendLine("echo " + text + " > /m" + j);
            }

            qemu.Run("pwd", CommandTimeout);
        }

        Assert.Equal("", qemu.Run("echo slab > /sys/heap/implementation", CommandTimeout));
        FillMemory(qemu);
        Assert.Contains("no space left", qemu.Run("echo new > /new0", CommandTimeout));

        // Most of the old heap's files go, every 60th stays (one in a few frames), so no chunk of the old heap empties:
        // only whole frames inside its chunks can go back to the PMM, and they do at once; the slab heap uses them.
        for (int i = 0; i < 300; i += 25)
        {
            var line = new System.Text.StringBuilder("rm");
            for (int j = i; j < i + 25; j++)
            {
                line.Append(j % 60 == 0 ? "" : " /m" + j);
            }

            Assert.Equal("", qemu.Run(line.ToString(), CommandTimeout));
        }

        Assert.True(Stat(qemu, "free_frames") > 0, "removing the old heap's files freed no frame");
        Assert.Equal("", qemu.Run("echo new > /new1", CommandTimeout));
        Assert.Equal("new\n", qemu.Run("cat /new1", CommandTimeout));
        Assert.Equal(text + "\n", qemu.Run("cat /m240", CommandTimeout));
        Assert.Matches(ShellTranscript.ConsistentPattern(CatalogText.DefaultPmm), qemu.Run("pmm check", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    // Allocates every free frame with pmm alloc, largest runs first.
    private static void FillMemory(QemuSession qemu)
    {
        for (long count = Stat(qemu, "free_frames"); count > 0;)
        {
            string reply = qemu.Run("pmm alloc " + count, CommandTimeout);
            count = reply.StartsWith("allocated", StringComparison.Ordinal) ? Stat(qemu, "free_frames") : count / 2;
        }

        Assert.Equal(0, Stat(qemu, "free_frames"));
    }
}
