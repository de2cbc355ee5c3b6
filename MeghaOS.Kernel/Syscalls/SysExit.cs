// exit(code): ends the process (it has one thread) with the low 8 bits of the code as its exit status.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 60.</summary>
public static unsafe class SysExit
{
    /// <summary>Handler. Does not return to the program.</summary>
    public static long Handle(UserRegisters* registers)
    {
        ProcessTable.ExitCurrent(ProcessTable.ExitStatus((int)registers->Rdi));
        return 0;
    }
}
