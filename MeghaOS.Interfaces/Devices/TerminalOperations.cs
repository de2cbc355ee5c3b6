// The terminal output's operations table: where the kernel's text goes (serial, VGA screen, or both).
namespace MeghaOS.Devices;

using System;

/// <summary>The operations table of a terminal output implementation. Text is bytes: ASCII, '\n' ends a line.</summary>
public unsafe struct TerminalOperations
{
    /// <summary>Short lower-case name, such as "serial", "vga" or "both".</summary>
    public string Name;

    /// <summary>The instance's state, passed back to every function.</summary>
    public void* Context;

    /// <summary>Writes bytes. '\n' moves to the start of the next line; '\b' moves one column back.</summary>
    public delegate*<void*, ReadOnlySpan<byte>, void> Write;

    /// <summary>Clears the screen and puts the cursor top left (serial: an ANSI clear sequence).</summary>
    public delegate*<void*, void> Clear;

    /// <summary>
    /// Optional: whether the output exists on this machine (the framebuffer console needs a framebuffer, the VGA text
    /// screen needs text mode). Null means always; activation is refused while it returns false.
    /// </summary>
    public delegate*<void*, bool> IsAvailable;

    /// <summary>Optional: colours what is written next by its kind (null: plain output, as on serial).</summary>
    public delegate*<void*, TerminalColour, void> SetColour;

    /// <summary>True when every function pointer is filled in.</summary>
    public readonly bool IsComplete => Name != null && Write != null && Clear != null;
}
