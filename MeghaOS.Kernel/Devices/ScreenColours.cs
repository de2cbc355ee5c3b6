// The screens' colours for the kinds of text the shell marks (TerminalColour): the prompt in light green, errors in
// light red, the rest light grey, on both the VGA text screen and the framebuffer console (same VGA attributes).
namespace MeghaOS.Devices;

using MeghaOS.Drivers;

/// <summary>TerminalOperations.SetColour for the screens.</summary>
internal static unsafe class ScreenColours
{
    private const byte LightGrey = 0x07, LightGreen = 0x0A, LightRed = 0x0C;

    /// <summary>Sets both screens' colour for what is written next.</summary>
    internal static void Set(void* context, TerminalColour colour)
    {
        byte attribute = colour == TerminalColour.Prompt ? LightGreen : colour == TerminalColour.Error ? LightRed : LightGrey;
        if (FramebufferScreen.IsActive)
        {
            FramebufferScreen.SetColour(attribute);
        }
        else
        {
            VgaTextScreen.SetColour(attribute);
        }
    }
}
