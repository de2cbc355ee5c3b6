// How a file is opened: for reading, writing, creating it when missing, emptying it first (the shell's `>`).
namespace MeghaOS.FileSystem;

/// <summary>Flags for <see cref="Vfs.Open"/>.</summary>
public enum VfsOpenMode
{
    /// <summary>Reading, and reading directories.</summary>
    Read = 1,

    /// <summary>Writing. Refused with ReadOnly for read-only files.</summary>
    Write = 2,

    /// <summary>With Write: create the file when it does not exist.</summary>
    Create = 4,

    /// <summary>With Write: cut the file to size 0 first, freeing its old content.</summary>
    Truncate = 8,
}
