// How completely MeghaOS implements a Linux system call; docs/syscalls.md says the same for every number, and a test
// checks that the two agree.
namespace MeghaOS.Syscalls;

/// <summary>Support level of a system call in the dispatch table.</summary>
public enum SyscallSupport : byte
{
    /// <summary>As Linux does it, for everything a program can ask.</summary>
    Supported,

    /// <summary>Implemented with parts missing (the table entry says which).</summary>
    Partial,
}
