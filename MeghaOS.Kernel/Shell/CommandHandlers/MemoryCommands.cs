// The shell's memory commands: mem (PMM and heap figures) and pmm alloc/alloc-at/free/check (asks the PMM facade directly, the way
// kernel code does; the result is visible in /dev/pab, /sys/pmm/stats and /sys/pmm/owners). The shell's allocations
// are its own (FrameOwner.Shell): pmm free frees nothing else, and names the owner of whatever it refuses.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Handlers of mem and pmm.</summary>
public static unsafe class MemoryCommands
{
    /// <summary>mem: frame counts and sizes of the PMM, and the kernel heap's figures.</summary>
    public static void ShowMemory(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("mem"u8, "usage: mem"u8);
            return;
        }

        PmmCounts counts = Pmm.Counts;
        ShellOutput.Write("physical memory (pmm "u8);
        ShellOutput.Write(Pmm.ImplementationName);
        ShellOutput.Write(")\n"u8);
        FrameLine("  total     "u8, counts.TotalFrames);
        FrameLine("  free      "u8, counts.FreeFrames);
        FrameLine("  allocated "u8, counts.AllocatedFrames);
        FrameLine("  reserved  "u8, counts.ReservedFrames);

        HeapStats heap = Heap.Stats;
        ShellOutput.Write("kernel heap (heap "u8);
        ShellOutput.Write(Heap.ImplementationName);
        ShellOutput.Write(")\n  in use    "u8);
        ShellOutput.Decimal(heap.BytesInUse);
        ShellOutput.Write(" bytes in "u8);
        ShellOutput.Decimal(heap.BlocksInUse);
        ShellOutput.Write(" blocks\n  free      "u8);
        ShellOutput.Decimal(heap.BytesFree);
        ShellOutput.Write(" bytes, largest block "u8);
        ShellOutput.Decimal(heap.LargestFreeBlock);
        ShellOutput.Write(" bytes\n"u8);

        MachineOperations machine = CommandShell.Machine;
        if (machine.WriteMemoryDetails != null)
        {
            machine.WriteMemoryDetails(machine.Context);
        }
    }

    /// <summary>memmap: physical memory drawn full-screen (the machine's picture), until a key is pressed.</summary>
    public static void MemoryPicture(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("memmap"u8, "usage: memmap"u8);
            return;
        }

        MachineOperations machine = CommandShell.Machine;
        if (machine.ShowMemoryPicture == null)
        {
            ShellOutput.Error("memmap"u8, "not available on this machine"u8);
            return;
        }

        if (!machine.ShowMemoryPicture(machine.Context))
        {
            ShellOutput.Error("memmap"u8, "could not read /dev/pab, /sys/pmm/stats or /sys/pmm/regions"u8);
        }
    }

    /// <summary>
    /// pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check. Numbers are decimal
    /// or 0x hexadecimal.
    /// </summary>
    public static void PhysicalMemory(in ShellArguments arguments)
    {
        if (arguments.Count >= 3 && arguments.Count <= 4 && arguments.Is(1, "alloc"u8))
        {
            Allocate(arguments);
            return;
        }

        if (arguments.Count == 4 && arguments.Is(1, "alloc-at"u8))
        {
            AllocateAt(arguments);
            return;
        }

        if (arguments.Count == 4 && arguments.Is(1, "free"u8))
        {
            Free(arguments);
            return;
        }

        if (arguments.Count == 2 && arguments.Is(1, "check"u8))
        {
            Check();
            return;
        }

        ShellOutput.Error("pmm"u8, "usage: pmm alloc COUNT [ALIGN] | pmm alloc-at ADDRESS COUNT | pmm free ADDRESS COUNT | pmm check"u8);
    }

    private static void Allocate(in ShellArguments arguments)
    {
        ulong alignment = 1;
        if (!Number(arguments[2], out ulong count) || (arguments.Count == 4 && !Number(arguments[3], out alignment)))
        {
            return;
        }

        PmmStatus status = MeghaOS.Memory.Pmm.Allocate(count, alignment, FrameOwner.Shell, out PhysicalAddress address);
        if (status != PmmStatus.Success)
        {
            ShellOutput.Error("pmm alloc"u8, PmmStatusText.Of(status));
            return;
        }

        WriteAllocated(count, address);
    }

    // Asks for exactly these frames; an allocated one among them is a double allocation, reported with its owner,
    // nothing changed.
    private static void AllocateAt(in ShellArguments arguments)
    {
        if (OnRange(arguments, "pmm alloc-at"u8, &MeghaOS.Memory.Pmm.AllocateAt, out PhysicalAddress address, out ulong count))
        {
            WriteAllocated(count, address);
        }
    }

    // "freed N frames at 0x...". Only the shell's own allocations: anyone else's is refused (WrongOwner), named.
    private static void Free(in ShellArguments arguments)
    {
        if (OnRange(arguments, "pmm free"u8, &MeghaOS.Memory.Pmm.Deallocate, out PhysicalAddress address, out ulong count))
        {
            WriteFrames("freed "u8, count, address);
            ShellOutput.NewLine();
        }
    }

    // alloc-at and free: reads ADDRESS COUNT and runs the PMM operation on that range as the shell; false after
    // saying why it failed (and, when the frames are someone's allocation, whose).
    private static bool OnRange(
        in ShellArguments arguments,
        ReadOnlySpan<byte> command,
        delegate*<PhysicalAddress, ulong, FrameOwner, PmmStatus> operation,
        out PhysicalAddress address,
        out ulong count)
    {
        address = default;
        if (!Number(arguments[2], out ulong value) || !Number(arguments[3], out count))
        {
            count = 0;
            return false;
        }

        address = new PhysicalAddress(value);
        PmmStatus status = operation(address, count, FrameOwner.Shell);
        if (status != PmmStatus.Success)
        {
            ShellOutput.Write(command);
            ShellOutput.Write(": "u8);
            ShellOutput.Write(PmmStatusText.Of(status));
            if (status == PmmStatus.WrongOwner || status == PmmStatus.NotAllocationStart || status == PmmStatus.AlreadyAllocated)
            {
                WriteAllocationIn(address.FrameNumber, count);
            }

            ShellOutput.NewLine();
            return false;
        }

        return true;
    }

    // " (kernel-heap: 16 frames at 0x...)": the allocation holding the first allocated frame of [first, first + count).
    private static void WriteAllocationIn(ulong first, ulong count)
    {
        FrameStateView state = MeghaOS.Memory.Pmm.State;
        ulong end = first >= state.FrameCount || count > state.FrameCount - first ? state.FrameCount : first + count;
        ulong start = 0;
        ulong frames = 0;
        for (ulong frame = first; frame < end && frames == 0; frame++)
        {
            state.TryGetAllocation(frame, out start, out frames);
        }

        if (frames == 0)
        {
            return;
        }

        byte* name = stackalloc byte[FrameOwnerNames.MaxLength];
        ShellOutput.Write(" ("u8);
        ShellOutput.Write(new ReadOnlySpan<byte>(name, FrameOwnerNames.Write(state.OwnerAt(start), new Span<byte>(name, FrameOwnerNames.MaxLength))));
        ShellOutput.Write(": "u8);
        WriteFrames(""u8, frames, PhysicalAddress.FromFrame(start));
        ShellOutput.WriteByte((byte)')');
    }

    // "allocated N frames at 0x... (frame F)", the same line for alloc and alloc-at.
    private static void WriteAllocated(ulong count, PhysicalAddress address)
    {
        WriteFrames("allocated "u8, count, address);
        ShellOutput.Write(" (frame "u8);
        ShellOutput.Decimal(address.FrameNumber);
        ShellOutput.Write(")\n"u8);
    }

    // "VERB N frame(s) at 0x...", without the line end.
    private static void WriteFrames(ReadOnlySpan<byte> verb, ulong count, PhysicalAddress address)
    {
        ShellOutput.Write(verb);
        ShellOutput.Decimal(count);
        ShellOutput.Write(count == 1 ? " frame at "u8 : " frames at "u8);
        ShellOutput.Hex(address.Value, 16);
    }

    // Runs the active implementation's consistency checker: "pmm NAME: consistent", or an error line naming the
    // problem; then compares the kernel heaps' frames with the PMM's records.
    private static void Check()
    {
        if (!PmmSubsystem.TryCheckActive(out PmmConsistency result))
        {
            ShellOutput.Write("pmm check: no consistency checker for "u8);
            ShellOutput.Write(MeghaOS.Memory.Pmm.ImplementationName);
            ShellOutput.WriteByte((byte)'\n');
        }
        else if (result != PmmConsistency.Consistent)
        {
            ShellOutput.Write("pmm check: "u8);
            ShellOutput.Write(MeghaOS.Memory.Pmm.ImplementationName);
            ShellOutput.Write(": inconsistent: "u8);
            ShellOutput.WriteLine(PmmConsistencyText.Of(result));
        }
        else
        {
            ShellOutput.Write("pmm "u8);
            ShellOutput.Write(MeghaOS.Memory.Pmm.ImplementationName);
            ShellOutput.Write(": consistent\n"u8);
        }

        CheckHeapFrames();
    }

    // "kernel heap: N frames in M allocations, as the PMM records them", or "pmm check: kernel heap: ..." naming the
    // first run the PMM disagrees with, or the totals.
    private static void CheckHeapFrames()
    {
        HeapFrameCheckResult check = HeapSubsystem.CheckFrames();
        if (check.Finding == HeapFrameFinding.Agree)
        {
            ShellOutput.Write("kernel heap: "u8);
            WriteFramesIn(check.HeapFrames, check.HeapRuns);
            ShellOutput.Write(", as the PMM records them\n"u8);
            return;
        }

        ShellOutput.Write("pmm check: kernel heap: "u8);
        if (check.Finding == HeapFrameFinding.TotalsDiffer)
        {
            ShellOutput.Write("the PMM records "u8);
            WriteFramesIn(check.PmmFramesTotal, check.PmmRuns);
            ShellOutput.Write(" of the kernel heap, the heaps hold "u8);
            WriteFramesIn(check.HeapFrames, check.HeapRuns);
            ShellOutput.NewLine();
            return;
        }

        if (check.Heap != null)
        {
            ShellOutput.Write(check.Heap);
        }
        else
        {
            ShellOutput.Write("a heap's state"u8);
        }

        ShellOutput.Write(" holds "u8);
        WriteFrames(""u8, check.Frames, check.Address);
        switch (check.Finding)
        {
            case HeapFrameFinding.RunNotAllocated:
                ShellOutput.Write(", which the PMM has not allocated\n"u8);
                break;
            case HeapFrameFinding.RunNotAllocationStart:
                ShellOutput.Write(", which lie inside another allocation in the PMM\n"u8);
                break;
            case HeapFrameFinding.RunWrongOwner:
                byte* name = stackalloc byte[FrameOwnerNames.MaxLength];
                ShellOutput.Write(", which the PMM records as "u8);
                ShellOutput.Write(new ReadOnlySpan<byte>(name, FrameOwnerNames.Write(check.PmmOwner, new Span<byte>(name, FrameOwnerNames.MaxLength))));
                ShellOutput.Write("'s\n"u8);
                break;
            default:
                ShellOutput.Write(", which the PMM records as an allocation of "u8);
                ShellOutput.Decimal(check.PmmFrames);
                ShellOutput.Write(" frames\n"u8);
                break;
        }
    }

    // "N frames in M allocations".
    private static void WriteFramesIn(ulong frames, ulong allocations)
    {
        ShellOutput.Decimal(frames);
        ShellOutput.Write(frames == 1 ? " frame in "u8 : " frames in "u8);
        ShellOutput.Decimal(allocations);
        ShellOutput.Write(allocations == 1 ? " allocation"u8 : " allocations"u8);
    }

    private static bool Number(ReadOnlySpan<byte> text, out ulong value)
    {
        if (NumberParse.TryParseUnsigned(text, out value))
        {
            return true;
        }

        ShellOutput.Write("pmm: not a number: "u8);
        ShellOutput.WritePrintable(text);
        ShellOutput.Write(" (use decimal or 0x hexadecimal)\n"u8);
        return false;
    }

    private static void FrameLine(ReadOnlySpan<byte> label, ulong frames)
    {
        ShellOutput.Write(label);
        ShellOutput.Decimal(frames);
        ShellOutput.Write(" frames, "u8);
        ShellOutput.Kibibytes(frames * PhysicalAddress.FrameSize);
        ShellOutput.NewLine();
    }
}
