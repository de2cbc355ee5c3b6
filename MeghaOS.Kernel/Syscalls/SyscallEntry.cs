// One line of the system-call dispatch table: the Linux x86-64 number, the name, the handler, and how complete it is.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>A system call the dispatcher knows.</summary>
public unsafe struct SyscallEntry
{
    /// <summary>Linux x86-64 number (Rax).</summary>
    public int Number;

    /// <summary>Linux name.</summary>
    public string Name;

    /// <summary>Reads its arguments from the registers and returns the result or -errno.</summary>
    public delegate*<UserRegisters*, long> Handler;

    /// <summary>Supported or partial.</summary>
    public SyscallSupport Support;

    /// <summary>Creates an entry.</summary>
    public SyscallEntry(int number, string name, delegate*<UserRegisters*, long> handler, SyscallSupport support)
    {
        Number = number;
        Name = name;
        Handler = handler;
        Support = support;
    }
}
