// What the shell needs from the machine that only the kernel can do: restart, stop, fault on purpose, and the
// kernel-only memory figures, a cycle counter for bench, and the ring 3 probes. The kernel fills this table in; host tests fill in a fake that records the calls.
namespace MeghaOS.Shell;

/// <summary>Machine control for reboot, halt, panic, mem and bench. Any pointer may be null (the command then says so, or skips it).</summary>
public unsafe struct MachineOperations
{
    /// <summary>Passed back to every function.</summary>
    public void* Context;

    /// <summary>Restarts the machine. On real hardware it does not return.</summary>
    public delegate*<void*, void> Reboot;

    /// <summary>Stops the machine. On real hardware it does not return.</summary>
    public delegate*<void*, void> Halt;

    /// <summary>Makes the CPU fault on purpose (a null dereference), to show the fault handler. Does not return in the kernel.</summary>
    public delegate*<void*, void> Panic;

    /// <summary>Overflows the kernel stack on purpose, to show the guard page and the double-fault handler. Does not return in the kernel.</summary>
    public delegate*<void*, void> OverflowStack;

    /// <summary>
    /// Calls code placed in data on purpose (a `ret` written into a frame, called through the direct map), to show
    /// that the kernel cannot be made to run data: with NX a page fault, which does not return; without NX it returns.
    /// </summary>
    public delegate*<void*, void> ExecuteData;

    /// <summary>Prints the kernel's own memory figures after mem's (managed objects since boot, heap frames).</summary>
    public delegate*<void*, void> WriteMemoryDetails;

    /// <summary>Reads a counter that advances once per CPU cycle (the TSC), for the bench command.</summary>
    public delegate*<void*, ulong> ReadCycleCounter;

    /// <summary>
    /// Draws physical memory full-screen (from /dev/pab, /sys/pmm/stats and /sys/pmm/regions), redrawn while it
    /// changes, until a key is pressed; then the text screen comes back. False when it could not read those files.
    /// </summary>
    public delegate*<void*, bool> ShowMemoryPicture;

    /// <summary>
    /// Runs a built-in ring 3 probe by name ("bench": the null system call figure) in an address space of its own and
    /// prints what happened; false, printing nothing, for an unknown name.
    /// </summary>
    public delegate*<void*, System.ReadOnlySpan<byte>, bool> RunUserProbe;

    /// <summary>Writes the names of the ring 3 probes, separated by spaces.</summary>
    public delegate*<void*, void> WriteUserProbeNames;

    /// <summary>
    /// Starts the user program at an absolute path in the foreground, with the console as its descriptors 0-2 and
    /// the given argv and envp; when it ends the kernel reports its status and writes the shell's prompt. Returns its
    /// process id or -errno.
    /// </summary>
    public delegate*<void*, System.ReadOnlySpan<byte>, MeghaOS.Syscalls.ExecArguments*, int> StartProgram;
}
