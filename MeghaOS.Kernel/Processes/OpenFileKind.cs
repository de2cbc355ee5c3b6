// What an open file description refers to: a VFS file or directory, one end of a pipe, or the console.
namespace MeghaOS.Processes;

/// <summary>The kind of an <see cref="OpenFile"/>.</summary>
public enum OpenFileKind : byte
{
    /// <summary>A free slot.</summary>
    Unused = 0,

    /// <summary>A file, directory or device of the VFS.</summary>
    Vfs,

    /// <summary>The read end of a pipe.</summary>
    PipeRead,

    /// <summary>The write end of a pipe.</summary>
    PipeWrite,

    /// <summary>The console: reads through the line discipline, writes to the terminal.</summary>
    Console,
}
