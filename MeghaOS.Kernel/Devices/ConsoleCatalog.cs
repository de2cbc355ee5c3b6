// The one list of console output implementations: the console subsystem registers them at boot in this order (the
// first is the default) and /sys/console/implementation lists them so. Adding one: its file, and one line here.
namespace MeghaOS.Devices;

using System;

/// <summary>Every console output implementation, the default first.</summary>
internal static class ConsoleCatalog
{
    private static readonly TerminalOperations[] s_implementations =
    {
        MirroredTerminal.Operations, // "both", the default: serial and the screen (VGA text, or framebuffer) at once
        SerialTerminal.Operations,
        VgaTerminal.Operations,
        FramebufferTerminal.Operations,
    };

    /// <summary>The implementations in catalog order.</summary>
    internal static ReadOnlySpan<TerminalOperations> All => s_implementations;
}
