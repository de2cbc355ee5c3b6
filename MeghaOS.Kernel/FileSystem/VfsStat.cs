// What stat tells about a node: enough for ls, stat and cat to decide how to show it.
namespace MeghaOS.FileSystem;

/// <summary>The description of one node.</summary>
public struct VfsStat
{
    /// <summary>File, directory or device.</summary>
    public VfsNodeKind Kind;

    /// <summary>Size in bytes for files and devices with a size (0 for endless devices such as /dev/zero); entries for directories.</summary>
    public ulong Size;

    /// <summary>Permission bits (the low 12 bits of a Unix st_mode, such as 0755); 0 when the filesystem keeps none.</summary>
    public uint Mode;

    /// <summary>The bits <see cref="Mode"/> may hold: permissions, set-user-id, set-group-id and sticky (07777).</summary>
    public const uint ModeMask = 0xFFF;

    /// <summary>True when writes are refused with <see cref="VfsStatus.ReadOnly"/>.</summary>
    public bool IsReadOnly;

    /// <summary>
    /// True when the content is a bitmap with one bit per physical page frame (bit i of byte j is frame 8j+i), as
    /// /dev/pab is; cat then labels each row with the first frame it covers.
    /// </summary>
    public bool IsFrameBitmap;
}
