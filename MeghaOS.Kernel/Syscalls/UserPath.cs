// A path argument: copied in from the program (at most VfsPath.MaxPathLength bytes), then made canonical and absolute
// against the process's current directory (AT_FDCWD) or, for absolute paths, on its own. The *at calls accept
// another directory descriptor only with an absolute path (the VFS keeps no path per open directory).
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>Copies in and resolves path arguments.</summary>
public static unsafe class UserPath
{
    /// <summary>Bytes a caller's buffer needs for <see cref="Resolve"/>.</summary>
    public const int BufferBytes = VfsPath.MaxPathLength;

    /// <summary>
    /// The canonical absolute form of the path at <paramref name="address"/> in <paramref name="output"/>
    /// (<see cref="BufferBytes"/> bytes): its length, or -EFAULT, -ENAMETOOLONG, -ENOENT (empty), -EBADF or -EINVAL
    /// (a directory descriptor other than AT_FDCWD with a relative path).
    /// </summary>
    public static int Resolve(Process* process, int directoryFd, ulong address, byte* output)
    {
        byte* raw = stackalloc byte[VfsPath.MaxPathLength + 1];
        int length = UserMemory.CopyInString(process, address, raw, VfsPath.MaxPathLength + 1);
        if (length < 0)
        {
            return length;
        }

        if (length == 0)
        {
            return -Errno.ENOENT;
        }

        if (raw[0] != (byte)'/' && directoryFd != SyscallFlags.AtCurrentDirectory)
        {
            return ProcessTable.Descriptor(process, directoryFd, out int _) == null ? -Errno.EBADF : -Errno.EINVAL;
        }

        VfsStatus status = VfsPath.Normalize(process->Directory, new ReadOnlySpan<byte>(raw, length),
            new Span<byte>(output, BufferBytes), out int canonical);
        return status == VfsStatus.Success ? canonical : -Errno.FromVfs(status);
    }
}
