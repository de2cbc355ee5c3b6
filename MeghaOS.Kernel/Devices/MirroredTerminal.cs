// Both consoles at once ("both", the default): every write goes to the serial port and to the screen, so a test
// driving the serial line and a person at the VM window see the same session. The screen is the VGA text screen, or
// the framebuffer console when the loader set a graphics mode (always under UEFI), so the one default works on both.
namespace MeghaOS.Devices;

using System;
using MeghaOS.Drivers;

/// <summary>Terminal output on the serial port and the screen (VGA text or framebuffer).</summary>
internal static unsafe class MirroredTerminal
{
    /// <summary>The operations table.</summary>
    internal static TerminalOperations Operations =>
        new TerminalOperations { Name = "both", Context = null, Write = &Write, Clear = &Clear, SetColour = &ScreenColours.Set };

    private static void Write(void* context, ReadOnlySpan<byte> text)
    {
        SerialTerminal.Write(null, text);
        if (FramebufferScreen.IsActive)
        {
            FramebufferScreen.Write(text);
        }
        else
        {
            VgaTerminal.Write(null, text);
        }
    }

    private static void Clear(void* context)
    {
        SerialTerminal.Clear(null);
        if (FramebufferScreen.IsActive)
        {
            FramebufferScreen.Clear();
        }
        else
        {
            VgaTerminal.Clear(null);
        }
    }
}
