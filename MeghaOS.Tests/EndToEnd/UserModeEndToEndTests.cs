// End to end in QEMU: ring 3 enforced by the CPU. Each `ring3 probe NAME` runs a few bytes of machine code in an
// address space of its own; the system call comes back, every privileged instruction, kernel address, int3, division
// by zero and unmapped read ends the probe's thread alone with a one-line message naming the fault and the address,
// the shell goes on, and /sys/pmm/stats reads the same before and after (the fixture also checks allocated_frames).
// A CPU with SMEP and SMAP (-cpu max) gets them switched on, and the probes behave the same there.
namespace MeghaOS.Tests.EndToEnd;

using System.Text.RegularExpressions;
using MeghaOS.Tests.Boot;
using Xunit;

[Collection("QEMU")]
public sealed class UserModeEndToEndTests : SharedQemuTest
{
    private const string Returned = @"ring3: frames in use before (?<used>\d+), after \k<used> \(all returned\)\n$";
    private const string Ended = @", signal 11; thread ended, kernel fine\n";

    private readonly SharedQemuFixture _kernel;

    public UserModeEndToEndTests(SharedQemuFixture kernel)
        : base(kernel)
    {
        _kernel = kernel;
    }

    /// <summary>Every faulting probe and the message it must end with (after "ring3 probe NAME (task N): ").</summary>
    public static TheoryData<string, string> Faults => new()
    {
        { "cli", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "hlt", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "in", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "out", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "cr3", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "wrmsr", @"general protection fault \(#GP\) at address 0x8000000000, rip 0x8000000000" + Ended },
        { "lgdt", @"general protection fault \(#GP\) at address 0x8000000005, rip 0x8000000005" + Ended },
        { "write-kernel", @"page fault \(#PF\) at address 0x[0-9a-f]+, rip 0x800000000a \(protection, write\)" + Ended },
        { "read-kernel", @"page fault \(#PF\) at address 0x[0-9a-f]+, rip 0x800000000a \(protection, read\)" + Ended },
        { "jump-kernel", @"page fault \(#PF\) at address (?<target>0x[0-9a-f]+), rip \k<target> \(protection, instruction fetch\)" + Ended },
        { "jump-stack", @"page fault \(#PF\) at address 0x8000100ff0, rip 0x8000100ff0 \(protection, instruction fetch\)" + Ended },
        { "write-code", @"page fault \(#PF\) at address 0x8000000007, rip 0x8000000007 \(protection, write\)" + Ended },
        { "int3", @"breakpoint \(#BP\) at address 0x8000000001, rip 0x8000000001, signal 5; thread ended, kernel fine\n" },
        { "divide", @"divide error \(#DE\) at address 0x8000000002, rip 0x8000000002, signal 8; thread ended, kernel fine\n" },
        { "unmapped", @"page fault \(#PF\) at address 0x8010000000, rip 0x800000000a \(not present, read\)" + Ended },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void AFaultEndsTheProbeAloneAndReturnsEveryFrame(string probe, string message)
    {
        string statsBefore = _kernel.Run("cat /sys/pmm/stats");
        string output = _kernel.Run("ring3 probe " + probe);
        Assert.Matches(new Regex("^ring3 probe " + Regex.Escape(probe) + @" \(task \d+\): " + message + Returned), output);
        Assert.Equal(statsBefore, _kernel.Run("cat /sys/pmm/stats"));
        Assert.Equal(2, Regex.Matches(_kernel.Run("ps"), @"^\s+\d+ ", RegexOptions.Multiline).Count); // idle and kernel only
    }

    [Fact]
    public void ASystemCallGoesInAndComesBack()
    {
        string statsBefore = _kernel.Run("cat /sys/pmm/stats");
        Match match = Regex.Match(_kernel.Run("ring3 probe syscall"),
            @"^ring3 probe syscall \(task (\d+)\): exit\((\d+)\); its space held 11 frames \(eager\)\n" + Returned);
        Assert.True(match.Success);
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value); // getpid answered the task id, exit carried it out
        Assert.Equal(statsBefore, _kernel.Run("cat /sys/pmm/stats"));
    }

    [Fact]
    public void DemandZeroPagesAreFilledOnFirstTouchInRingThree()
    {
        string statsBefore = _kernel.Run("cat /sys/pmm/stats");
        Assert.Matches(@"^ring3 probe touch \(task \d+\): exit\(4\); its space held 11 frames \(eager\)\n" + Returned,
            _kernel.Run("ring3 probe touch"));
        Assert.Equal("", _kernel.Run("echo demand > /sys/vm/implementation"));
        Assert.Equal("eager [demand]\n", _kernel.Run("cat /sys/vm/implementation"));

        // Four stores fault, each fills a page; the untouched stack page never gets a frame.
        Assert.Matches(@"^ring3 probe touch \(task \d+\): exit\(4\); its space held 10 frames \(demand\)\n" + Returned,
            _kernel.Run("ring3 probe touch"));
        Assert.Equal("", _kernel.Run("echo eager > /sys/vm/implementation"));
        Assert.Equal(statsBefore, _kernel.Run("cat /sys/pmm/stats"));
    }

    [Fact]
    public void TheTimerPreemptsUserCode()
    {
        Assert.Matches(@"^ring3 probe spin \(task \d+\): still running in ring 3 after 300 ms, switched to ([1-9]\d*) times between timer preemptions; ended by the shell\n" + Returned,
            _kernel.Run("ring3 probe spin"));
        Assert.Equal(2, Regex.Matches(_kernel.Run("ps"), @"^\s+\d+ ", RegexOptions.Multiline).Count);
    }

    [Fact]
    public void BenchTimesANullSystemCall()
    {
        Assert.Matches(@"^ring3 probe bench \(task \d+\): null system call \(getpid\) round trip: [1-9]\d* cycles \(10000 calls, [1-9]\d* cycles\)\n" + Returned,
            _kernel.Run("ring3 bench"));
    }

    [Fact]
    public void UnknownProbesAndUsageAreAnswered()
    {
        Assert.Matches(@"^ring3: no probe 'nope'; probes: syscall cli .* spin\nprotections: NX on, SMEP (on|off \(CPU lacks it\)), SMAP (on|off \(CPU lacks it\))\n$",
            _kernel.Run("ring3 probe nope"));
        Assert.Equal("ring3: usage: ring3 probe [NAME] | ring3 bench\n", _kernel.Run("ring3 jump"));
    }
}
