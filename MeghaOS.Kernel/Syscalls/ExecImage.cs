// What the program loader gives back to execve: a fresh address space holding the program and its initial stack,
// where to start, the stack pointer (argc on top), and where the heap (brk) may begin.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;

/// <summary>A loaded program.</summary>
public struct ExecImage
{
    /// <summary>The new address space (the loader made it; execve installs it or destroys it).</summary>
    public AddressSpace Space;

    /// <summary>Entry point (RIP).</summary>
    public ulong Entry;

    /// <summary>Initial stack pointer (RSP), pointing at argc.</summary>
    public ulong StackPointer;

    /// <summary>First byte after the highest loaded segment: the program break starts here.</summary>
    public ulong BreakStart;
}
