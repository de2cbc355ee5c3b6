// A text file under /sys/<subsystem>/ that a subsystem, or one of its implementations, describes: a name and a
// function that writes the file's current text, either whole into a buffer (Render, files that fit one sysfs
// buffer) or piece by piece into a TextWindow (Produce, files of any length), and, for a writable file, a function
// that takes a write. The registry keeps these descriptions and sysfs turns them into files, so a subsystem or an
// implementation adds a file without knowing how sysfs works.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Text;

/// <summary>A text file a subsystem or an implementation shows under /sys/SUBSYSTEM/.</summary>
public unsafe struct SubsystemFile
{
    /// <summary>The file's name in the subsystem's directory ("stats", "buddyinfo"); null for no file.</summary>
    public string? Name;

    /// <summary>
    /// Writes the file's whole current text into the buffer and returns its length (what fits; the buffer is as large
    /// as sysfs allows a file to be).
    /// </summary>
    public delegate*<Span<byte>, int> Render;

    /// <summary>
    /// Instead of <see cref="Render"/>, for a file of any length: appends the file's whole current text to the window
    /// (a line at a time; it may stop once the window no longer <see cref="TextWindow.WantsMore"/>).
    /// </summary>
    public delegate*<ref TextWindow, void> Produce;

    /// <summary>
    /// Takes one write, the whole text written (a command such as "3 20"); false when it is not valid (the writer gets
    /// InvalidArgument and nothing changes). Null: the file is read-only.
    /// </summary>
    public delegate*<ReadOnlySpan<byte>, bool> Write;

    /// <summary>A file called <paramref name="name"/> whose text <paramref name="render"/> writes.</summary>
    public SubsystemFile(string name, delegate*<Span<byte>, int> render)
    {
        Name = name;
        Render = render;
        Produce = null;
        Write = null;
    }

    /// <summary>A writable file called <paramref name="name"/>.</summary>
    public SubsystemFile(string name, delegate*<Span<byte>, int> render, delegate*<ReadOnlySpan<byte>, bool> write)
    {
        Name = name;
        Render = render;
        Produce = null;
        Write = write;
    }

    /// <summary>A file called <paramref name="name"/> of any length, whose text <paramref name="produce"/> appends.</summary>
    public SubsystemFile(string name, delegate*<ref TextWindow, void> produce)
    {
        Name = name;
        Render = null;
        Produce = produce;
        Write = null;
    }

    /// <summary>True when the description names a file and how to write its text.</summary>
    public readonly bool IsPresent => Name != null && (Render != null || Produce != null);
}
