// End to end in QEMU over serial: /dev/pab as `cat` and `hexdump` show it agrees with /sys/pmm/stats and the
// documented layout; `pmm alloc`/`pmm free` set and clear exactly their bits; switching bitmap <-> buddy by writing
// /sys/pmm/implementation keeps every byte of the PAB and allocation working; errors leave the shell answering.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class PabEndToEndTests : SharedQemuTest
{
    private readonly SharedQemuFixture _kernel;

    public PabEndToEndTests(SharedQemuFixture kernel)
        : base(kernel)
    {
        _kernel = kernel;
    }

    [Fact]
    public void CatAndHexdumpOfThePabAgreeWithTheStats()
    {
        Dictionary<string, string> stats = ShellTranscript.DecodeStats(_kernel.Run("cat /sys/pmm/stats"));
        byte[] cat = ShellTranscript.DecodeCatPab(_kernel.Run("cat /dev/pab"));
        byte[] hexdump = ShellTranscript.DecodeHexdump(_kernel.Run("hexdump /dev/pab"));

        long total = long.Parse(stats["total_frames"]);
        long free = long.Parse(stats["free_frames"]);
        Assert.Equal(cat, hexdump);
        Assert.Equal((total + 7) / 8, cat.Length);
        Assert.Equal(total - free, ShellTranscript.CountOnes(cat));
        Assert.Equal(long.Parse(stats["allocated_frames"]) + long.Parse(stats["reserved_frames"]), total - free);
        Assert.True(ShellTranscript.IsSet(cat, 0), "frame 0 must be reserved");
        for (long frame = total; frame < cat.Length * 8L; frame++)
        {
            Assert.True(ShellTranscript.IsSet(cat, frame), $"tail bit of frame {frame} (past total_frames) must be 1");
        }

        Assert.Matches(@"^size " + cat.Length + "$", Regex.Match(_kernel.Run("stat /dev/pab"), "size [0-9]+").Value);
    }

    [Fact]
    public void PmmAllocSetsExactlyItsBitsAndFreeClearsThem()
    {
        byte[] before = Pab();
        string allocated = _kernel.Run("pmm alloc 16");
        Match match = Regex.Match(allocated, @"^allocated 16 frames at 0x([0-9a-f]{16}) \(frame (\d+)\)\n$");
        Assert.True(match.Success, allocated);
        long address = long.Parse(match.Groups[1].Value, NumberStyles.HexNumber);
        long first = long.Parse(match.Groups[2].Value);
        Assert.Equal(address / 4096, first);

        byte[] after = Pab();
        Assert.Equal(ShellTranscript.CountOnes(before) + 16, ShellTranscript.CountOnes(after));
        for (long frame = first; frame < first + 16; frame++)
        {
            Assert.False(ShellTranscript.IsSet(before, frame));
            Assert.True(ShellTranscript.IsSet(after, frame));
        }

        Assert.Equal("freed 16 frames at 0x" + match.Groups[1].Value + "\n", _kernel.Run("pmm free 0x" + match.Groups[1].Value + " 16"));
        Assert.Equal(before, Pab());

        // A double free is refused and changes nothing.
        Assert.Equal("pmm free: double free: the frames are already free\n", _kernel.Run("pmm free " + address + " 16"));
        Assert.Equal(before, Pab());
        Assert.Equal("/\n", _kernel.Run("pwd"));
    }

    [Fact]
    public void AllocAtTakesExactlyThoseFramesAndRefusesADoubleAllocation()
    {
        byte[] before = Pab();
        string allocated = _kernel.Run("pmm alloc 8");
        Match match = Regex.Match(allocated, @"^allocated 8 frames at 0x([0-9a-f]{16}) \(frame (\d+)\)\n$");
        Assert.True(match.Success, allocated);
        string address = "0x" + match.Groups[1].Value;
        Assert.Equal("freed 8 frames at " + address + "\n", _kernel.Run("pmm free " + address + " 8"));

        // The same frames again, by address: granted; a second time: a double allocation, refused, nothing changed.
        Assert.Equal(allocated, _kernel.Run("pmm alloc-at " + address + " 8"));
        byte[] held = Pab();
        Assert.Equal(ShellTranscript.CountOnes(before) + 8, ShellTranscript.CountOnes(held));
        Assert.Equal("pmm alloc-at: the frames are already allocated (shell: 8 frames at " + address + ")\n", _kernel.Run("pmm alloc-at " + address + " 8"));
        Assert.Equal("pmm alloc-at: the frames are reserved\n", _kernel.Run("pmm alloc-at 0 1"));
        Assert.Equal(held, Pab());

        Assert.Equal("freed 8 frames at " + address + "\n", _kernel.Run("pmm free " + address + " 8"));
        Assert.Equal(before, Pab());
    }

    [Fact]
    public void SwitchingImplementationsKeepsThePabAndAllocationWorking()
    {
        string held = _kernel.Run("pmm alloc 5");
        string heldAddress = Regex.Match(held, "0x[0-9a-f]{16}").Value;
        byte[] before = Pab();

        Assert.Equal("", _kernel.Run("echo buddy > /sys/pmm/implementation"));
        Assert.Equal(CatalogText.PmmList("buddy"), _kernel.Run("cat /sys/pmm/implementation"));
        Assert.Equal(before, Pab());
        Assert.Matches(@"^(\d+ ){20}\d+\n$", _kernel.Run("cat /sys/pmm/buddyinfo"));

        // Allocate under buddy, switch back, free under bitmap (and the other way round).
        string underBuddy = _kernel.Run("pmm alloc 8 8");
        Match buddyMatch = Regex.Match(underBuddy, @"^allocated 8 frames at (0x[0-9a-f]{16}) \(frame (\d+)\)\n$");
        Assert.True(buddyMatch.Success, underBuddy);
        Assert.Equal(0, long.Parse(buddyMatch.Groups[2].Value) % 8);
        byte[] middle = Pab();
        Assert.Equal(ShellTranscript.CountOnes(before) + 8, ShellTranscript.CountOnes(middle));

        Assert.Equal("", _kernel.Run("echo bitmap > /sys/pmm/implementation"));
        Assert.Equal(CatalogText.PmmList("bitmap"), _kernel.Run("cat /sys/pmm/implementation"));
        Assert.Equal(middle, Pab());
        Assert.StartsWith("freed 8 frames", _kernel.Run("pmm free " + buddyMatch.Groups[1].Value + " 8"));
        Assert.Equal(before, Pab());

        Assert.Equal("", _kernel.Run("echo buddy > /sys/pmm/implementation"));
        Assert.Equal(before, Pab());
        Assert.StartsWith("freed 5 frames", _kernel.Run("pmm free " + heldAddress + " 5"));
        string three = _kernel.Run("pmm alloc 3");
        Assert.StartsWith("allocated 3 frames", three);
        Assert.Equal("", _kernel.Run("echo bitmap > /sys/pmm/implementation"));
        Assert.Equal(CatalogText.PmmList("bitmap"), _kernel.Run("cat /sys/pmm/implementation"));
        string one = _kernel.Run("pmm alloc 1");
        Assert.StartsWith("allocated 1 frame", one);

        // An unknown name is refused and changes nothing.
        byte[] now = Pab();
        Assert.Equal("echo: /sys/pmm/implementation: invalid argument\n", _kernel.Run("echo slab > /sys/pmm/implementation"));
        Assert.Equal(CatalogText.PmmList("bitmap"), _kernel.Run("cat /sys/pmm/implementation"));
        Assert.Equal(now, Pab());

        // The 3 frames allocated under buddy and the 1 under bitmap are freed under bitmap: nothing is left allocated.
        Assert.StartsWith("freed 3 frames", _kernel.Run("pmm free " + Regex.Match(three, "0x[0-9a-f]{16}").Value + " 3"));
        Assert.StartsWith("freed 1 frame", _kernel.Run("pmm free " + Regex.Match(one, "0x[0-9a-f]{16}").Value + " 1"));
    }

    [Fact]
    public void EveryCatalogImplementationTakesOverWithNothingLostAndChecksConsistent()
    {
        // Through the whole catalog and back to the default: at each step the PAB is unchanged by the switch, the
        // active implementation's checker finds its state consistent, and it frees what an earlier one allocated.
        string[] names = CatalogText.PmmNames;
        var held = new Queue<string>();
        foreach (string name in names.Skip(1).Append(names[0]))
        {
            string allocated = _kernel.Run("pmm alloc 3 4");
            held.Enqueue(Regex.Match(allocated, "0x[0-9a-f]{16}").Value);
            byte[] before = Pab();

            Assert.Equal("", _kernel.Run("echo " + name + " > /sys/pmm/implementation"));
            Assert.Equal(CatalogText.PmmList(name), _kernel.Run("cat /sys/pmm/implementation"));
            Assert.Equal(before, Pab());
            Assert.Matches(ShellTranscript.ConsistentPattern(name), _kernel.Run("pmm check"));
            if (held.Count > 1)
            {
                Assert.StartsWith("freed 3 frames", _kernel.Run("pmm free " + held.Dequeue() + " 3"));
            }
        }

        Assert.StartsWith("freed 3 frames", _kernel.Run("pmm free " + held.Dequeue() + " 3"));
        Assert.Matches(ShellTranscript.ConsistentPattern(names[0]), _kernel.Run("pmm check"));
    }

    [Fact]
    public void BadCommandsPathsAndArgumentsGetOneErrorLineEach()
    {
        var cases = new (string Line, string Error)[]
        {
            ("frobnicate", "unknown command: frobnicate (type help for the list)\n"),
            ("cat /no/such/file", "cat: /no/such/file: no such file or directory\n"),
            ("cat /sys", "cat: /sys: is a directory\n"),
            ("cd /dev/pab", "cd: /dev/pab: not a directory\n"),
            ("echo x > /dev/pab", "echo: /dev/pab: read-only file or filesystem\n"),
            ("mkdir /dev/new", "mkdir: /dev/new: read-only file or filesystem\n"),
            ("pmm alloc lots", "pmm: not a number: lots (use decimal or 0x hexadecimal)\n"),
            ("pmm", "pmm: usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check\n"),
            ("echo \"unclosed", "shell: unclosed quote\n"),
        };
        foreach (var (line, error) in cases)
        {
            Assert.Equal(error, _kernel.Run(line));
            Assert.Equal("/\n", _kernel.Run("pwd"));
        }
    }

    [Fact]
    public void BackspaceHistoryAndDirectoriesOverSerial()
    {
        int start = _kernel.Qemu.Output.Length;
        _kernel.Qemu.Send("echo abx\bc\r");
        int end = _kernel.Qemu.WaitForPrompt(SharedQemuFixture.CommandTimeout, start);
        Assert.Equal("echo abx\b \bc\nabc\n", _kernel.Qemu.Output.Substring(start, end - start));

        // Up arrow brings the line back; Enter runs it again.
        start = _kernel.Qemu.Output.Length;
        _kernel.Qemu.Send("\u001b[A\r");
        end = _kernel.Qemu.WaitForPrompt(SharedQemuFixture.CommandTimeout, start);
        Assert.Equal("echo abc\nabc\n", _kernel.Qemu.Output.Substring(start, end - start));

        Assert.Equal("", _kernel.Run("mkdir /tmp"));
        Assert.Equal("", _kernel.Run("cd /tmp"));
        Assert.Equal("", _kernel.Run("echo saved text > note"));
        Assert.Equal("saved text\n", _kernel.Run("cat /tmp/note"));
        Assert.Equal("/tmp\n", _kernel.Run("pwd"));
        Assert.Contains("meghaos:/tmp$ ", _kernel.Qemu.Output);
        Assert.Equal("", _kernel.Run("cd .."));
    }

    private byte[] Pab() => ShellTranscript.DecodeCatPab(_kernel.Run("cat /dev/pab"));
}
