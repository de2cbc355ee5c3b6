// getgid(): the group id, always 0 (root): MeghaOS has no users.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 104.</summary>
public static unsafe class SysGetgid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => 0;
}
