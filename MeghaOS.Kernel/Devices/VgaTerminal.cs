// The VGA text screen as a terminal output ("vga"); refused when the loader set a graphics mode (use "fb" then).
namespace MeghaOS.Devices;

using System;
using MeghaOS.Drivers;

/// <summary>Terminal output on the VGA text screen.</summary>
internal static unsafe class VgaTerminal
{
    /// <summary>The operations table.</summary>
    internal static TerminalOperations Operations =>
        new TerminalOperations { Name = "vga", Context = null, Write = &Write, Clear = &Clear, SetColour = &ScreenColours.Set, IsAvailable = &IsTextMode };

    // Under UEFI (or GRUB's graphics mode) the screen shows the framebuffer, and text written to 0xB8000 is never seen.
    private static bool IsTextMode(void* context) => !FramebufferScreen.IsActive;

    /// <summary>Writes bytes to the screen.</summary>
    internal static void Write(void* context, ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            VgaTextScreen.WriteByte(text[i]);
        }
    }

    /// <summary>Clears the screen.</summary>
    internal static void Clear(void* context) => VgaTextScreen.Clear();
}
