// An open file description, shared by every descriptor that dup, dup2 or fork made from the same open: what it
// refers to, the offset, the open flags, and how many descriptors hold it. Lives in the OpenFileTable.
namespace MeghaOS.Processes;

using MeghaOS.FileSystem;

/// <summary>One open file description.</summary>
public struct OpenFile
{
    /// <summary>What it refers to.</summary>
    public OpenFileKind Kind;

    /// <summary>Descriptors (in any process) that refer to it.</summary>
    public int References;

    /// <summary>The Linux open flags it was opened with (access mode, O_APPEND, O_NONBLOCK...).</summary>
    public int Flags;

    /// <summary>For a VFS file: the VFS handle.</summary>
    public VfsFile File;

    /// <summary>True when the VFS node is a directory (getdents64 reads it).</summary>
    public bool IsDirectory;

    /// <summary>For a VFS file the byte offset; for a directory the index of the next entry.</summary>
    public ulong Offset;

    /// <summary>For a pipe end: the pipe's index in the OpenFileTable.</summary>
    public int Pipe;
}
