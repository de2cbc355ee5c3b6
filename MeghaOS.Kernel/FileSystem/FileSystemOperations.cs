// A filesystem's operations table, the VFS counterpart of PmmOperations: ramfs, devfs and sysfs each fill one in and
// the VFS calls through it. Nodes are named by a ulong handle that only the filesystem interprets.
namespace MeghaOS.FileSystem;

using System;

/// <summary>
/// The operations table of a mounted filesystem. Every function takes <see cref="Context"/> first and a node handle
/// the filesystem gave out (its <see cref="RootNode"/>, or a result of <see cref="Lookup"/> or <see cref="Create"/>).
/// </summary>
public unsafe struct FileSystemOperations
{
    /// <summary>Short lower-case name, such as "ramfs", "devfs" or "sysfs".</summary>
    public string Name;

    /// <summary>The instance's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>The handle of the root directory.</summary>
    public ulong RootNode;

    /// <summary>Finds the entry called <c>name</c> in directory <c>directory</c>: NotFound, NotADirectory or Success.</summary>
    public delegate*<void*, ulong, ReadOnlySpan<byte>, out ulong, VfsStatus> Lookup;

    /// <summary>Creates a file or directory <c>name</c> in <c>directory</c>. Null for filesystems users cannot create in.</summary>
    public delegate*<void*, ulong, ReadOnlySpan<byte>, VfsNodeKind, out ulong, VfsStatus> Create;

    /// <summary>Describes a node.</summary>
    public delegate*<void*, ulong, out VfsStat, VfsStatus> Stat;

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes starting at byte <c>offset</c>; writes the count read, which is short at
    /// the end of the file and 0 at or past it.
    /// </summary>
    public delegate*<void*, ulong, ulong, Span<byte>, out int, VfsStatus> Read;

    /// <summary>Writes <c>data</c> at byte <c>offset</c>, growing the file as needed; writes the count written.</summary>
    public delegate*<void*, ulong, ulong, ReadOnlySpan<byte>, out int, VfsStatus> Write;

    /// <summary>Cuts a file to size 0 and gives its memory back. Null when files have no stored content (devices, sysfs).</summary>
    public delegate*<void*, ulong, VfsStatus> Truncate;

    /// <summary>
    /// Removes the entry <c>name</c> of directory <c>directory</c> and gives its memory back: NotFound, or
    /// DirectoryNotEmpty for a directory with entries. Null for filesystems users cannot remove from (devfs, sysfs).
    /// </summary>
    public delegate*<void*, ulong, ReadOnlySpan<byte>, VfsStatus> Remove;

    /// <summary>
    /// Describes the entry at position <c>index</c> (0, 1, 2...) of directory <c>directory</c> and writes its name
    /// into <c>name</c>; NotFound past the last entry.
    /// </summary>
    public delegate*<void*, ulong, ulong, Span<byte>, out VfsDirectoryEntry, VfsStatus> ReadDirectory;

    /// <summary>
    /// Sets a node's permission bits (<see cref="VfsStat.ModeMask"/> of <c>mode</c>). Null for filesystems without
    /// permission bits (devfs, sysfs).
    /// </summary>
    public delegate*<void*, ulong, uint, VfsStatus> SetMode;

    /// <summary>
    /// Moves the entry <c>fromName</c> of directory <c>fromDirectory</c> to the name <c>toName</c> in
    /// <c>toDirectory</c> (both directories of this filesystem), replacing an entry already called so unless
    /// <c>noReplace</c>: NotFound, AlreadyExists (noReplace), NotADirectory / IsADirectory (a directory over a file or
    /// the reverse), DirectoryNotEmpty, InvalidArgument (a directory into its own subtree), NameTooLong, NoSpace. A
    /// replaced entry's memory is given back. Null for filesystems whose nodes cannot be renamed (devfs, sysfs).
    /// </summary>
    public delegate*<void*, ulong, ReadOnlySpan<byte>, ulong, ReadOnlySpan<byte>, bool, VfsStatus> Rename;

    /// <summary>
    /// An open description starts (Hold) or stops (Release) referring to node <c>node</c>. A filesystem that frees
    /// removed nodes keeps a removed node that is still held until its last release, so a descriptor open on a
    /// removed or replaced file keeps reading and writing its own memory, as on Linux. Null where nodes are never
    /// freed (devfs, sysfs).
    /// </summary>
    public delegate*<void*, ulong, void> Hold;

    /// <inheritdoc cref="Hold"/>
    public delegate*<void*, ulong, void> Release;

    /// <summary>True when the name and every required function pointer are filled in (Create, Truncate, Remove, SetMode and Rename are optional).</summary>
    public readonly bool IsComplete =>
        Name != null && Lookup != null && Stat != null && Read != null && Write != null && ReadDirectory != null;
}
