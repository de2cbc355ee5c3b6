// In QEMU with a CPU that has SMEP and SMAP (-cpu max), booted with vm=demand: the boot option chooses the address
// space implementation, the kernel switches SMEP and SMAP on, and ring 3 still works as with the default CPU, which shows that the kernel neither runs nor touches user pages on its way in and out (it copies
// through the direct map): a system call round trip, a demand-zero fill, a fault, and every frame back.
namespace MeghaOS.Tests.Boot;

using System;
using Xunit;

[Collection("QEMU")]
public sealed class SmepSmapBootTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void RingThreeWorksWithSmepAndSmapOn()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "vm=demand", cpu: "max");
        qemu.WaitForPrompt(TimeSpan.FromSeconds(60));
        Assert.Contains("boot option vm=demand: active\n", qemu.Output);
        Assert.Equal("eager [demand]\n", qemu.Run("cat /sys/vm/implementation", CommandTimeout));
        Assert.EndsWith("protections: NX on, SMEP on, SMAP on\n", qemu.Run("ring3 probe", CommandTimeout));
        Assert.Matches(@"exit\(4\); its space held 10 frames \(demand\)\n.*\(all returned\)\n$", qemu.Run("ring3 probe touch", CommandTimeout));
        Assert.Equal("", qemu.Run("echo eager > /sys/vm/implementation", CommandTimeout));
        Assert.Matches(@"exit\(\d+\); its space held 11 frames \(eager\)\n.*\(all returned\)\n$", qemu.Run("ring3 probe syscall", CommandTimeout));
        Assert.Matches(@"\(protection, write\), signal 11; thread ended, kernel fine\n.*\(all returned\)\n$", qemu.Run("ring3 probe write-kernel", CommandTimeout));
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }
}
