// /sys/processes: one line per process (a header first): id, parent id, state, frames its address space holds, the
// thread's task id and the name. `ps` (a user program) reads it. Format: docs/files.md.
namespace MeghaOS.Processes;

using System;
using MeghaOS.FileSystem;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Text;

/// <summary>The process table as a sysfs file.</summary>
public static unsafe class ProcessFiles
{
    /// <summary>Adds /sys/processes to <paramref name="sysfs"/>; false when sysfs is full.</summary>
    public static bool Add(in FileSystemOperations sysfs)
    {
        SyntheticFileOperations file = default;
        file.Kind = VfsNodeKind.File;
        file.Render = &Render;
        return SyntheticFileSystem.AddFile(sysfs, SyntheticFileSystem.Root, "processes"u8, file) >= 0;
    }

    /// <summary>Writes the table: "  PID  PPID STATE   FRAMES THREAD NAME" then one line per process.</summary>
    public static int Render(void* context, Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.Append("  PID  PPID STATE   FRAMES THREAD NAME\n"u8);
        for (int i = 0; i < ProcessTable.Capacity; i++)
        {
            Process* process = ProcessTable.Slot(i);
            if (process->State == ProcessState.Unused || process->Id == 0) // id 0: a slot being filled in
            {
                continue;
            }

            ref Memory.Paging.AddressSpaceOperations vm = ref ProcessTable.Vm;
            ulong frames = process->Space.IsNull || vm.FrameCount == null ? 0 : vm.FrameCount(vm.Context, process->Space);
            text.AppendDecimalPadded((ulong)process->Id, 5);
            text.AppendByte((byte)' ');
            text.AppendDecimalPadded((ulong)(process->ParentId < 0 ? 0 : process->ParentId), 5);
            text.AppendByte((byte)' ');
            ReadOnlySpan<byte> state = process->State == ProcessState.Zombie ? "zombie"u8 : "alive"u8;
            text.Append(state);
            text.AppendRepeated((byte)' ', 7 - state.Length);
            text.AppendDecimalPadded(frames, 7);
            text.AppendByte((byte)' ');
            text.AppendDecimalPadded(process->State == ProcessState.Zombie ? 0UL : (ulong)process->ThreadId, 6);
            text.AppendByte((byte)' ');
            text.Append(process->NameText);
            text.AppendByte((byte)'\n');
        }

        return text.Length;
    }
}
