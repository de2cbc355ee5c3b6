// Restarting and stopping the PC, and faulting on purpose (a null dereference, a stack overflow, a call into data): what the shell's reboot, halt and panic commands ask the
// kernel for. Reboot pulses the CPU reset line through the 8042 keyboard controller (what PCs and QEMU honour) and,
// should that not work, triple-faults the CPU by faulting with an empty interrupt table.
namespace MeghaOS.Arch.X64;

using MeghaOS.Memory;

/// <summary>Reset, halt and a deliberate fault.</summary>
internal static unsafe class MachineControl
{
    private const ushort ControllerStatusPort = 0x64;
    private const ushort ControllerCommandPort = 0x64;
    private const byte InputBufferFull = 0x02;
    private const byte PulseResetLine = 0xFE;

    // Read at run time so the compiler cannot see that the deliberate fault dereferences null.
    private static ulong s_nullAddress;

    /// <summary>Restarts the machine; never returns.</summary>
    internal static void Reboot()
    {
        Cpu.DisableInterrupts();
        for (int wait = 0; wait < 100000 && (Cpu.In8(ControllerStatusPort) & InputBufferFull) != 0; wait++)
        {
        }

        Cpu.Out8(ControllerCommandPort, PulseResetLine);
        for (int wait = 0; wait < 1000000; wait++)
        {
            Cpu.In8(ControllerStatusPort);
        }

        // The reset line did not work: with a zero-length interrupt table every fault escalates to a triple fault,
        // which resets the CPU.
        ulong* emptyTable = stackalloc ulong[2];
        emptyTable[0] = 0;
        emptyTable[1] = 0;
        Cpu.LoadIdt(emptyTable);
        FaultOnPurpose();
        Cpu.HaltForever();
    }

    /// <summary>Stops the machine: interrupts off, halted for good.</summary>
    internal static void Halt()
    {
        Cpu.HaltForever();
    }

    /// <summary>
    /// Recurses until the stack reaches its unmapped guard page: the page fault cannot push its frame onto that page,
    /// so the CPU raises a double fault, which runs on its own stack and panics.
    /// </summary>
    internal static void OverflowStackOnPurpose()
    {
        s_recursionSink = Recurse(0);
    }

    private static ulong s_recursionSink;

    // Not a tail call (the frame's byte is used after the call returns), so every level keeps its 512 bytes.
    private static ulong Recurse(ulong depth)
    {
        byte* frame = stackalloc byte[512];
        frame[0] = (byte)depth;
        return Recurse(depth + 1) + frame[0];
    }

    /// <summary>
    /// Writes a `ret` into a frame from the PMM and calls it at its direct-map address. With the direct map no-execute
    /// (DirectMapTables.ForbidExecution) the call is a page fault on the instruction fetch and does not return;
    /// without NX the `ret` runs, the frame goes back and this returns. Also returns, having done nothing, when no
    /// frame can be had.
    /// </summary>
    internal static void ExecuteDataOnPurpose()
    {
        if (Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress frame) != PmmStatus.Success)
        {
            return;
        }

        byte* code = DirectMap.Pointer(frame);
        code[0] = 0xC3; // ret
        ((delegate* unmanaged<void>)code)();
        Pmm.Deallocate(frame, 1, FrameOwner.Kernel);
    }

    /// <summary>Writes through a null pointer: frame 0 is not mapped, so this is a page fault.</summary>
    internal static void FaultOnPurpose()
    {
        *(ulong*)s_nullAddress = 0xDEAD;
    }
}
