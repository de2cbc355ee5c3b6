// What a VFS node is, as stat reports it.
namespace MeghaOS.FileSystem;

/// <summary>The kind of a node.</summary>
public enum VfsNodeKind
{
    /// <summary>A regular file: bytes with a size.</summary>
    File = 0,

    /// <summary>A directory: holds named nodes.</summary>
    Directory = 1,

    /// <summary>A device file under /dev: bytes produced or taken by a driver.</summary>
    Device = 2,
}
