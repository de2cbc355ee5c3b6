// Where a process is in its life: a slot of the process table is unused, holds a live process, or holds a zombie (it
// ended, its memory and files are already given back, and only its exit status waits for the parent's wait4).
namespace MeghaOS.Processes;

/// <summary>The life state of a process-table slot.</summary>
public enum ProcessState : byte
{
    /// <summary>No process.</summary>
    Unused = 0,

    /// <summary>A live process with a thread.</summary>
    Alive,

    /// <summary>Ended; holds only the exit status until it is reaped.</summary>
    Zombie,
}
