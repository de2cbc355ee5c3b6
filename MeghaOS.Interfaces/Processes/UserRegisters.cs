// A user thread's registers as the kernel saves them on entry from ring 3 (system call, interrupt or fault) and
// restores them on the way back. The system-call layer reads the number and arguments from here (Linux x86-64 ABI:
// number in Rax; arguments in Rdi, Rsi, Rdx, R10, R8, R9; result in Rax), fork copies it, execve rewrites it.
// The x86-64 entry code (Arch/X64) lays it out in exactly this order; change both together.
namespace MeghaOS.Processes;

using System.Runtime.InteropServices;

/// <summary>The saved user-mode state of one thread.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct UserRegisters
{
    /// <summary>General registers.</summary>
    public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, R8, R9, R10, R11, R12, R13, R14, R15;

    /// <summary>Where the thread resumes.</summary>
    public ulong Rip;

    /// <summary>Its flags (the kernel forces IF on and IOPL 0 when it returns).</summary>
    public ulong Rflags;

    /// <summary>Its stack pointer.</summary>
    public ulong Rsp;

    /// <summary>Its FS base (arch_prctl ARCH_SET_FS; musl keeps its thread pointer there).</summary>
    public ulong FsBase;
}
