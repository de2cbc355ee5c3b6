// A node somewhere in the whole tree: which mount it belongs to and the filesystem's own handle for it.
namespace MeghaOS.FileSystem;

/// <summary>A node of the VFS: a mount index and that filesystem's node handle.</summary>
public readonly struct VfsNode
{
    /// <summary>Index of the mount in the mount table (0 = the root filesystem).</summary>
    public readonly int Mount;

    /// <summary>The filesystem's handle of the node.</summary>
    public readonly ulong Node;

    /// <summary>Creates a reference.</summary>
    public VfsNode(int mount, ulong node)
    {
        Mount = mount;
        Node = node;
    }
}
