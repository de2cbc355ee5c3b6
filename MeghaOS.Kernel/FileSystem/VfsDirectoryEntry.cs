// One entry returned by reading a directory; the entry's name goes to a caller-supplied buffer.
namespace MeghaOS.FileSystem;

/// <summary>A directory entry without its name.</summary>
public struct VfsDirectoryEntry
{
    /// <summary>The filesystem's handle of the entry's node.</summary>
    public ulong Node;

    /// <summary>What the entry is.</summary>
    public VfsNodeKind Kind;

    /// <summary>Length of the name written to the caller's buffer.</summary>
    public int NameLength;
}
