// ps against the kernel's own /sys/processes: a small process table (an alive init, an alive child of it, a zombie)
// is built with the host process layer, its file is read exactly as ProcessFiles renders it, and ps must print every
// process's id, parent, state, frames and name. The two sides of the format can therefore never drift apart.
namespace MeghaOS.Tests.UserPrograms;

using System;
using System.IO;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class PsReadsTheKernelTableTests : IDisposable
{
    private readonly ProcessHarness _h = new ProcessHarness();
    private readonly string _directory = UserProgramHost.NewTemporaryDirectory();

    public void Dispose()
    {
        _h.Dispose();
        Directory.Delete(_directory, true);
    }

    [Fact]
    public void PsPrintsWhatTheKernelRenders()
    {
        Process* init = _h.StartProcess("init");
        Process* shell = _h.StartProcess("sh", parent: init->Id);
        Process* child = _h.StartProcess("cat", parent: shell->Id);
        _h.Current = child;
        _h.Call(60, 3); // exit: cat becomes a zombie until sh waits for it
        Assert.Equal(ProcessState.Zombie, child->State);

        byte[] table = KernelHarness.ReadAll("/sys/processes");
        string path = Path.Combine(_directory, "processes");
        File.WriteAllBytes(path, table);
        ProgramRun run = UserProgramHost.Run("ps", new[] { path });

        var expected = new StringBuilder("  PID  PPID STATE   FRAMES NAME\n");
        foreach (IntPtr entry in new[] { (IntPtr)init, (IntPtr)shell, (IntPtr)child })
        {
            var process = (Process*)entry;
            ref MeghaOS.Memory.Paging.AddressSpaceOperations vm = ref ProcessTable.Vm;
            ulong frames = process->Space.IsNull ? 0 : vm.FrameCount(vm.Context, process->Space);
            string state = process->State == ProcessState.Zombie ? "zombie" : "alive";
            Assert.True(state == "zombie" || frames > 0, "an alive process holds frames");
            expected.Append($"{process->Id,5} {process->ParentId,5} {state,-7}{frames,7} ");
            expected.Append(Encoding.ASCII.GetString(process->NameText)).Append('\n');
        }

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.ToString(), run.Text);
        Assert.Contains("    1     0 alive  ", run.Text);
        Assert.Contains("    3     2 zombie       0 cat\n", run.Text);
    }
}
