// Both consoles at once ("both", the default): every write goes to the serial port and to the VGA screen, so a
// test driving the serial line and a person at the VM window see the same session.
namespace MeghaOS.Devices;

using System;

/// <summary>Terminal output on the serial port and the VGA screen.</summary>
internal static unsafe class MirroredTerminal
{
    /// <summary>The operations table.</summary>
    internal static TerminalOperations Operations =>
        new TerminalOperations { Name = "both", Context = null, Write = &Write, Clear = &Clear };

    private static void Write(void* context, ReadOnlySpan<byte> text)
    {
        SerialTerminal.Write(null, text);
        VgaTerminal.Write(null, text);
    }

    private static void Clear(void* context)
    {
        SerialTerminal.Clear(null);
        VgaTerminal.Clear(null);
    }
}
