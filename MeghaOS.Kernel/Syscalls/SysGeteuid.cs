// geteuid(): the effective user id, always 0 (root): MeghaOS has no users.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 107.</summary>
public static unsafe class SysGeteuid
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => 0;
}
