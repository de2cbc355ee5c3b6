// One file or directory of the in-memory filesystem. Nodes live in kernel heap blocks, the name right after the node
// (or, once renamed to a longer name, in a block of its own).
namespace MeghaOS.FileSystem.RamFs;

/// <summary>A ramfs node. Directories keep their children in a list sorted by name, so ls prints them in order.</summary>
public unsafe struct RamNode
{
    /// <summary>The directory holding this node; the root's parent is itself.</summary>
    public RamNode* Parent;

    /// <summary>First child (directories only).</summary>
    public RamNode* FirstChild;

    /// <summary>Next node in the parent's list.</summary>
    public RamNode* NextSibling;

    /// <summary>File or directory.</summary>
    public VfsNodeKind Kind;

    /// <summary>Length of the name that follows the node in its heap block.</summary>
    public int NameLength;

    /// <summary>File content (a heap block of <see cref="Capacity"/> bytes), or null when empty.</summary>
    public byte* Data;

    /// <summary>File size in bytes.</summary>
    public ulong Size;

    /// <summary>Bytes allocated for <see cref="Data"/>.</summary>
    public ulong Capacity;

    /// <summary>Permission bits (0644 for a new file, 0755 for a new directory; <see cref="Vfs.SetMode"/> changes them).</summary>
    public uint Mode;

    /// <summary>Number of children (directories only).</summary>
    public ulong ChildCount;

    /// <summary>Open descriptions holding the node (<see cref="Vfs.Hold"/>).</summary>
    public ulong Holders;

    /// <summary>Removed from its directory while held: freed at the last release.</summary>
    public bool Removed;

    /// <summary>
    /// The name's bytes: right after the node (<see cref="InlineName"/>) when created, a heap block of its own after
    /// a rename to a longer name.
    /// </summary>
    public byte* Name;

    /// <summary>Where a node's name is stored when the node is created: right after it, in the same heap block.</summary>
    public static byte* InlineName(RamNode* node) => (byte*)(node + 1);
}
