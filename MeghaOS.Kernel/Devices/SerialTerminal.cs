// The serial console as a terminal output ("serial"): bytes go to COM1, '\n' as CR LF so any terminal
// program shows proper lines; Clear sends the ANSI clear-screen sequence.
namespace MeghaOS.Devices;

using System;
using MeghaOS.Drivers;

/// <summary>Terminal output on COM1.</summary>
internal static unsafe class SerialTerminal
{
    /// <summary>The operations table.</summary>
    internal static TerminalOperations Operations =>
        new TerminalOperations { Name = "serial", Context = null, Write = &Write, Clear = &Clear };

    /// <summary>Writes bytes to COM1.</summary>
    internal static void Write(void* context, ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                SerialPort.WriteByte((byte)'\r');
            }

            SerialPort.WriteByte(text[i]);
        }
    }

    /// <summary>Clears a terminal emulator's screen (ESC [2J, ESC [H).</summary>
    internal static void Clear(void* context)
    {
        SerialPort.WriteByte(0x1B);
        SerialPort.WriteByte((byte)'[');
        SerialPort.WriteByte((byte)'2');
        SerialPort.WriteByte((byte)'J');
        SerialPort.WriteByte(0x1B);
        SerialPort.WriteByte((byte)'[');
        SerialPort.WriteByte((byte)'H');
    }
}
