// mkdirat(dirfd, path, mode): creates a directory; its parent must exist. Mode bits are ignored.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 258.</summary>
public static unsafe class SysMkdirat
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers) => Make(ProcessTable.Current, (int)registers->Rdi, registers->Rsi);

    /// <summary>Creates the directory at the program's path: 0 or -errno.</summary>
    public static long Make(Process* process, int directoryFd, ulong pathAddress)
    {
        byte* path = stackalloc byte[UserPath.BufferBytes];
        int length = UserPath.Resolve(process, directoryFd, pathAddress, path);
        return length < 0 ? length : -Errno.FromVfs(Vfs.MakeDirectory(new ReadOnlySpan<byte>(path, length)));
    }
}
