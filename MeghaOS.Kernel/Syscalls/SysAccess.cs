// access(path, mode): 0 when the path exists (and, for W_OK, is writable); there are no owners or permissions else.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 21.</summary>
public static unsafe class SysAccess
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(ProcessTable.Current, SyscallFlags.AtCurrentDirectory, registers->Rdi, path);
        if (length < 0)
        {
            return length;
        }

        VfsStatus status = Vfs.Stat(new System.ReadOnlySpan<byte>(path, length), out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return -Errno.FromVfs(status);
        }

        return (registers->Rsi & 2) != 0 && stat.IsReadOnly ? -Errno.EROFS : 0;
    }
}
