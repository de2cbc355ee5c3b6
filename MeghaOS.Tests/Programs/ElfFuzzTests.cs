// Damaged real programs: a static binary built on the host (musl-gcc when installed, else gcc) cut at random lengths
// and with random bits flipped in its headers and anywhere, fed to the loader thousands of times (fixed seeds, so a
// failure repeats). The loader never throws (an out-of-bounds read would), a failure leaves no frame mapped, and a
// success maps exactly the pages its validated image names, which a destroy gives back. The spaces are the real page
// tables' (MeghaOS.Tests/Vm/VmHarness.cs), over 4 MiB of frames: a damaged size may run them out, which must fail
// cleanly too.
namespace MeghaOS.Tests.Programs;

using System;
using System.Linq;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Tests.Support;
using MeghaOS.Tests.Vm;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ElfFuzzTests : IDisposable
{
    private readonly VmHarness _vm = new VmHarness(kernelInSlotZero: false);

    public void Dispose() => _vm.Dispose();

    private static byte[] Program() =>
        (ToolFactAttribute.IsInstalled("musl-gcc") ? HostPrograms.Build("musl-gcc", "-static") : null)
        ?? HostPrograms.Build("gcc", "-static")
        ?? throw new InvalidOperationException("gcc is installed but could not build the program");

    private static void LoadChecked(byte[] file, ref int successes)
    {
        byte[] before = VmHarness.Pab;
        AddressSpace space = VmHarness.NewSpace();
        byte[] empty = VmHarness.Pab;
        AddressSpaceOperations vm = VmHarness.Operations;
        ElfStatus status = ElfLoader.Load(vm, space, file, 0, out LoadedProgram program);
        if (status != ElfStatus.Success)
        {
            Assert.Equal(empty, VmHarness.Pab);
            Assert.Equal(VmStatus.Success, vm.Destroy(vm.Context, space));
            Assert.Equal(before, VmHarness.Pab);
            Assert.Equal(ElfStatus.OutOfMemory == status ? ElfStatusText.ENOMEM : ElfStatusText.ENOEXEC, ElfStatusText.Errno(status));
            return;
        }

        successes++;
        Assert.Equal(ElfStatus.Success, ElfImage.Validate(file, 0, out ElfImage image));
        Assert.Equal((int)(image.Program.ImageBytes / 4096), VmHarness.Pages(space).Count);
        Assert.True((vm.Query(vm.Context, space, program.Entry) & PageAccess.Execute) != 0);
        Assert.Equal(VmStatus.Success, vm.Destroy(vm.Context, space));
        Assert.Equal(before, VmHarness.Pab);
    }

    [ToolFact("gcc", "gcc")]
    public void TruncationsNeverCrashAndLeaveNothingMapped()
    {
        byte[] program = Program();
        var random = new Random(1010);
        int successes = 0;
        for (int i = 0; i < 400; i++)
        {
            int length = i < 200 ? random.Next(0, 512) : random.Next(0, program.Length);
            LoadChecked(program.AsSpan(0, length).ToArray(), ref successes);
        }

        LoadChecked(program, ref successes);
        Assert.True(successes >= 1);
    }

    [ToolFact("gcc", "gcc")]
    public void BitFlipsNeverCrashAndLeaveNothingMapped()
    {
        byte[] program = Program();
        var random = new Random(2020);
        int successes = 0;
        int failures = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] damaged = (byte[])program.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly the ELF header and program headers, where the loader looks; sometimes anywhere.
                int offset = random.Next(4) == 0 ? random.Next(damaged.Length) : random.Next(Math.Min(damaged.Length, 64 + 56 * 12));
                damaged[offset] ^= (byte)(1 << random.Next(8));
            }

            int before = successes;
            LoadChecked(damaged, ref successes);
            failures += successes == before ? 1 : 0;
        }

        // Both outcomes were exercised.
        Assert.True(successes > 0 && failures > 0, $"{successes} loads succeeded, {failures} failed");
    }
}
