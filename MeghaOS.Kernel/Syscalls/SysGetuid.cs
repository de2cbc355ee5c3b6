// getuid(): the user id, always 0 (root): MeghaOS has no users.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 102.</summary>
public static unsafe class SysGetuid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => 0;
}
