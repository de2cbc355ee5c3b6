// getgroups(size, list): the supplementary group ids. MeghaOS has no users or groups, so every process belongs to no
// supplementary group: the count is 0 for any size (size 0 asks for the count), nothing is written to the list (so,
// as on Linux, its address is not even checked), and a negative size is EINVAL. `busybox id` prints its groups this way.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 115.</summary>
public static unsafe class SysGetgroups
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => (int)registers->Rdi < 0 ? -Errno.EINVAL : 0;
}
