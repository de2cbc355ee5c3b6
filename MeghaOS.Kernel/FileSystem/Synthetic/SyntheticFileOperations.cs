// The operations table of one file in a synthetic filesystem (devfs, sysfs): its content is produced by code when it
// is read, and a write is handed to code, never stored.
namespace MeghaOS.FileSystem.Synthetic;

using System;

/// <summary>
/// What one synthetic file does. A file either reads bytes itself (<see cref="Read"/>, with <see cref="Size"/>) or is a
/// text file whose whole content <see cref="Render"/> writes on every read, so reads always show the current state.
/// </summary>
public unsafe struct SyntheticFileOperations
{
    /// <summary>The file's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>File (sysfs) or Device (devfs).</summary>
    public VfsNodeKind Kind;

    /// <summary>Set for bitmaps with one bit per page frame (see <see cref="VfsStat.IsFrameBitmap"/>).</summary>
    public bool IsFrameBitmap;

    /// <summary>Reads from an offset like <see cref="FileSystemOperations.Read"/>. Used when <see cref="Render"/> is null.</summary>
    public delegate*<void*, ulong, Span<byte>, out int, VfsStatus> Read;

    /// <summary>The size stat reports. Used when <see cref="Render"/> is null; null means 0.</summary>
    public delegate*<void*, ulong> Size;

    /// <summary>
    /// Writes the whole text of the file into a buffer of <see cref="SyntheticFileSystem.RenderBufferSize"/> bytes and
    /// returns its length. Reads and stat call it each time.
    /// </summary>
    public delegate*<void*, Span<byte>, int> Render;

    /// <summary>Takes a write; null makes the file read-only. Sysfs files treat each write as one whole command.</summary>
    public delegate*<void*, ulong, ReadOnlySpan<byte>, out int, VfsStatus> Write;

    /// <summary>Whether the file exists right now (for files that only make sense in some states); null means always.</summary>
    public delegate*<void*, bool> IsPresent;
}
