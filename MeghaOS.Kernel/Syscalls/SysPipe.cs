// pipe(fds): pipe2 without flags.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 22.</summary>
public static unsafe class SysPipe
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => SysPipe2.Create(ProcessTable.Current, registers->Rdi, 0);
}
