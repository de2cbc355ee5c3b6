// exit_group(code): ends every thread of the process, which is its only one: the same as exit.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 231.</summary>
public static unsafe class SysExitGroup
{
    /// <summary>Handler. Does not return to the program.</summary>
    public static long Handle(UserRegisters* registers)
    {
        ProcessTable.ExitCurrent(ProcessTable.ExitStatus((int)registers->Rdi));
        return 0;
    }
}
