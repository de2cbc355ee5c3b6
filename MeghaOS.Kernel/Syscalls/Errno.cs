// Linux's error numbers (asm-generic/errno-base.h and errno.h), which a system call returns negated in Rax, and the
// mapping from the VFS's and the address-space layer's status values to them.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Memory.Paging;

/// <summary>Linux errno values used by MeghaOS (positive; system calls return them negated).</summary>
public static class Errno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;

    /// <summary>No such process.</summary>
    public const int ESRCH = 3;

    /// <summary>Interrupted system call.</summary>
    public const int EINTR = 4;

    /// <summary>I/O error.</summary>
    public const int EIO = 5;

    /// <summary>Argument list too long.</summary>
    public const int E2BIG = 7;

    /// <summary>Exec format error.</summary>
    public const int ENOEXEC = 8;

    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = 9;

    /// <summary>No child processes.</summary>
    public const int ECHILD = 10;

    /// <summary>Try again (a limit was reached, or a non-blocking call would block).</summary>
    public const int EAGAIN = 11;

    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;

    /// <summary>Bad address.</summary>
    public const int EFAULT = 14;

    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = 16;

    /// <summary>File exists.</summary>
    public const int EEXIST = 17;

    /// <summary>Cross-device link (a rename between two mounted filesystems).</summary>
    public const int EXDEV = 18;

    /// <summary>Not a directory.</summary>
    public const int ENOTDIR = 20;

    /// <summary>Is a directory.</summary>
    public const int EISDIR = 21;

    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>File table overflow (the system's open files).</summary>
    public const int ENFILE = 23;

    /// <summary>Too many open files (the process's descriptors).</summary>
    public const int EMFILE = 24;

    /// <summary>Not a typewriter (ioctl on something that is not a terminal).</summary>
    public const int ENOTTY = 25;

    /// <summary>No space left on device.</summary>
    public const int ENOSPC = 28;

    /// <summary>Illegal seek (lseek on a pipe).</summary>
    public const int ESPIPE = 29;

    /// <summary>Read-only file system.</summary>
    public const int EROFS = 30;

    /// <summary>Broken pipe.</summary>
    public const int EPIPE = 32;

    /// <summary>Result too large.</summary>
    public const int ERANGE = 34;

    /// <summary>File name too long.</summary>
    public const int ENAMETOOLONG = 36;

    /// <summary>Function not implemented.</summary>
    public const int ENOSYS = 38;

    /// <summary>Directory not empty.</summary>
    public const int ENOTEMPTY = 39;

    /// <summary>The Linux errno for a VFS status (0 for Success).</summary>
    public static int FromVfs(VfsStatus status) => status switch
    {
        VfsStatus.Success => 0,
        VfsStatus.NotFound => ENOENT,
        VfsStatus.NotADirectory => ENOTDIR,
        VfsStatus.IsADirectory => EISDIR,
        VfsStatus.ReadOnly => EROFS,
        VfsStatus.NameTooLong => ENAMETOOLONG,
        VfsStatus.PathTooLong => ENAMETOOLONG,
        VfsStatus.NoSpace => ENOSPC,
        VfsStatus.AlreadyExists => EEXIST,
        VfsStatus.DirectoryNotEmpty => ENOTEMPTY,
        VfsStatus.Busy => EBUSY,
        VfsStatus.MountPointBusy => EBUSY,
        VfsStatus.BadHandle => EBADF,
        VfsStatus.Refused => EPERM,
        VfsStatus.CrossDevice => EXDEV,
        VfsStatus.NotPermitted => EPERM,
        VfsStatus.NotSupported => EINVAL,
        VfsStatus.NotInitialized => EIO,
        _ => EINVAL,
    };

    /// <summary>The Linux errno for an address-space status (0 for Success).</summary>
    public static int FromVm(VmStatus status) => status switch
    {
        VmStatus.Success => 0,
        VmStatus.Fault => EFAULT,
        VmStatus.OutOfMemory => ENOMEM,
        VmStatus.LimitReached => ENOMEM,
        _ => EINVAL,
    };
}
