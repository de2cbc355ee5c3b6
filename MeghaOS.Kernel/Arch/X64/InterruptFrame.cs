// The registers InterruptStubs.asm saves, in the order they sit on the stack (lowest address first), followed by
// the vector, the error code and what the CPU pushed itself.
namespace MeghaOS.Arch.X64;

using System.Runtime.InteropServices;

/// <summary>The interrupted context, as saved on the stack by the interrupt stubs and the CPU.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct InterruptFrame
{
    public ulong R15, R14, R13, R12, R11, R10, R9, R8, Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;

    /// <summary>The interrupt vector (0-31 CPU exceptions, 32-47 PIC lines).</summary>
    public ulong Vector;

    /// <summary>The CPU's error code for exceptions that push one; 0 otherwise.</summary>
    public ulong ErrorCode;

    /// <summary>Where the interrupted code was.</summary>
    public ulong Rip;

    public ulong Cs, Rflags, Rsp, Ss;
}
