// Human-readable messages for VfsStatus values, as the shell prints them after "command: ".
namespace MeghaOS.FileSystem;

using System;

/// <summary>One short lower-case message per <see cref="VfsStatus"/>.</summary>
public static class VfsStatusText
{
    /// <summary>The message for <paramref name="status"/>, such as "no such file or directory".</summary>
    public static ReadOnlySpan<byte> Of(VfsStatus status)
    {
        switch (status)
        {
            case VfsStatus.Success: return "success"u8;
            case VfsStatus.NotFound: return "no such file or directory"u8;
            case VfsStatus.NotADirectory: return "not a directory"u8;
            case VfsStatus.IsADirectory: return "is a directory"u8;
            case VfsStatus.ReadOnly: return "read-only file or filesystem"u8;
            case VfsStatus.NameTooLong: return "file name too long"u8;
            case VfsStatus.PathTooLong: return "path too long"u8;
            case VfsStatus.NoSpace: return "no space left"u8;
            case VfsStatus.AlreadyExists: return "file exists"u8;
            case VfsStatus.InvalidArgument: return "invalid argument"u8;
            case VfsStatus.NotSupported: return "operation not supported"u8;
            case VfsStatus.TooManyMounts: return "mount table full"u8;
            case VfsStatus.MountPointBusy: return "already a mount point"u8;
            case VfsStatus.Refused: return "request refused, nothing changed"u8;
            case VfsStatus.NotInitialized: return "no root filesystem"u8;
            case VfsStatus.BadHandle: return "file not open for that"u8;
            case VfsStatus.DirectoryNotEmpty: return "directory not empty"u8;
            case VfsStatus.Busy: return "in use (the root, a mount point or the current directory)"u8;
            case VfsStatus.CrossDevice: return "not on the same filesystem"u8;
            case VfsStatus.NotPermitted: return "operation not permitted"u8;
            default: return "unknown error"u8;
        }
    }
}
