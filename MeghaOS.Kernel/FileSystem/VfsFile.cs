// An open file: the node it names and what it was opened for. Reads and writes go through its filesystem's table.
namespace MeghaOS.FileSystem;

/// <summary>An open file or directory, as returned by <see cref="Vfs.Open"/>. Plain value: nothing to close.</summary>
public readonly struct VfsFile
{
    /// <summary>The node.</summary>
    public readonly VfsNode Node;

    /// <summary>What the file was opened for.</summary>
    public readonly VfsOpenMode Mode;

    /// <summary>Creates a handle.</summary>
    public VfsFile(VfsNode node, VfsOpenMode mode)
    {
        Node = node;
        Mode = mode;
    }

    /// <summary>True when opened for reading.</summary>
    public bool CanRead => (Mode & VfsOpenMode.Read) != 0;

    /// <summary>True when opened for writing.</summary>
    public bool CanWrite => (Mode & VfsOpenMode.Write) != 0;
}
