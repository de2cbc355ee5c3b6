// What a piece of terminal output is, so a screen can colour it: the shell marks its prompt and its error lines.
// Screens map these to colours (the VGA text and framebuffer consoles: light green and light red); the serial
// console ignores them, so its bytes stay plain ASCII.
namespace MeghaOS.Devices;

/// <summary>The kind of text written next.</summary>
public enum TerminalColour
{
    /// <summary>Ordinary output.</summary>
    Normal = 0,

    /// <summary>The shell's prompt.</summary>
    Prompt,

    /// <summary>An error message.</summary>
    Error,
}
