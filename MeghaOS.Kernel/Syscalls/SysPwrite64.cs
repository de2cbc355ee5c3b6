// pwrite64(fd, buffer, count, offset): write at an offset without moving the file's own offset (files only;
// UserTransfer.cs).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 18.</summary>
public static unsafe class SysPwrite64
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) =>
        UserTransfer.Positioned(ProcessTable.Current, (int)registers->Rdi, registers->Rsi, registers->Rdx, (long)registers->R10, true);
}
