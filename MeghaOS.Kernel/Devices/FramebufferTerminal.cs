// The framebuffer console as a terminal output ("fb"): text drawn with MeghaOS's own font on the linear framebuffer
// GRUB set up (Drivers/FramebufferScreen.cs). Refused when the loader gave no drawable framebuffer (BIOS boots in
// text mode unless the GRUB entry "MeghaOS (framebuffer console)" is chosen).
namespace MeghaOS.Devices;

using System;
using MeghaOS.Drivers;

/// <summary>Terminal output on the framebuffer.</summary>
internal static unsafe class FramebufferTerminal
{
    /// <summary>The operations table.</summary>
    internal static TerminalOperations Operations =>
        new TerminalOperations { Name = "fb", Context = null, Write = &Write, Clear = &Clear, SetColour = &ScreenColours.Set, IsAvailable = &IsAvailable };

    private static void Write(void* context, ReadOnlySpan<byte> text) => FramebufferScreen.Write(text);

    private static void Clear(void* context) => FramebufferScreen.Clear();

    private static bool IsAvailable(void* context) => FramebufferScreen.IsActive;
}
