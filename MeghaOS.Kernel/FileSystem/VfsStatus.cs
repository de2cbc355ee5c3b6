// Every way a VFS request can end. Each failure has its own value so the shell can say exactly what went wrong.
namespace MeghaOS.FileSystem;

/// <summary>The result of a VFS or filesystem request. Anything but <see cref="Success"/> changed nothing.</summary>
public enum VfsStatus
{
    /// <summary>Done.</summary>
    Success = 0,

    /// <summary>No file or directory has that name.</summary>
    NotFound,

    /// <summary>A path component that must be a directory is a file.</summary>
    NotADirectory,

    /// <summary>The request needs a file, but the path names a directory (reading or writing a directory).</summary>
    IsADirectory,

    /// <summary>The file or filesystem cannot be written or created in.</summary>
    ReadOnly,

    /// <summary>One path component is longer than <see cref="VfsPath.MaxNameLength"/> bytes.</summary>
    NameTooLong,

    /// <summary>The path, once made absolute, is longer than <see cref="VfsPath.MaxPathLength"/> bytes.</summary>
    PathTooLong,

    /// <summary>The kernel heap could not supply the memory, or a file would exceed its size limit.</summary>
    NoSpace,

    /// <summary>Something with that name exists already.</summary>
    AlreadyExists,

    /// <summary>A malformed request: an empty path, a name the file rejects, an offset past the end of a file.</summary>
    InvalidArgument,

    /// <summary>The filesystem does not offer this operation.</summary>
    NotSupported,

    /// <summary>The mount table is full.</summary>
    TooManyMounts,

    /// <summary>A filesystem is already mounted on that directory.</summary>
    MountPointBusy,

    /// <summary>The file's owner refused a valid write and changed nothing (for example a switch that cannot be done safely).</summary>
    Refused,

    /// <summary>The VFS has no root filesystem yet.</summary>
    NotInitialized,

    /// <summary>The file was opened without the access the request needs (reading a write-only handle or the reverse).</summary>
    BadHandle,

    /// <summary>A directory to remove still has entries.</summary>
    DirectoryNotEmpty,

    /// <summary>
    /// The node to remove is in use: the root, a mount point (another filesystem's root covers it), or the current
    /// directory or one above it.
    /// </summary>
    Busy,

    /// <summary>The two paths of a rename lie on different mounted filesystems.</summary>
    CrossDevice,

    /// <summary>The filesystem does not let its nodes be renamed (devfs, sysfs), as Linux refuses with EPERM.</summary>
    NotPermitted,
}
