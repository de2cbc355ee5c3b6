// One node of a synthetic filesystem's fixed tree: a name, its parent directory, and the file's operations.
namespace MeghaOS.FileSystem.Synthetic;

/// <summary>A synthetic filesystem node. Node handles are indices into the entry array; 0 is the root.</summary>
public unsafe struct SyntheticEntry
{
    /// <summary>The name's bytes, in their own heap block.</summary>
    public byte* Name;

    /// <summary>Length of <see cref="Name"/>.</summary>
    public int NameLength;

    /// <summary>Index of the directory holding the entry (the root's is 0, itself).</summary>
    public int Parent;

    /// <summary>Directory or not.</summary>
    public bool IsDirectory;

    /// <summary>For files: what reading and writing do.</summary>
    public SyntheticFileOperations File;
}
