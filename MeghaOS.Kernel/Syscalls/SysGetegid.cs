// getegid(): the effective group id, always 0 (root): MeghaOS has no users.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 108.</summary>
public static unsafe class SysGetegid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => 0;
}
