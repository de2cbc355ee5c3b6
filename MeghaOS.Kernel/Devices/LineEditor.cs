// Reads one line from the input queue (keyboard and serial together) into a caller's buffer, echoing through the
// terminal: printable ASCII is kept, Backspace/DEL erase, CR or LF ends the line (CR LF counts once). Other
// control bytes are ignored; bytes past the buffer's capacity are dropped (the caller reports an over-long line).
namespace MeghaOS.Devices;

using System;

/// <summary>Line input with echo and editing.</summary>
internal static class LineEditor
{
    private static bool s_lastWasCarriageReturn;

    /// <summary>
    /// Reads a line into <paramref name="buffer"/> and returns its length. <paramref name="truncated"/> is true when
    /// more was typed than fits (the extra bytes were dropped and not echoed).
    /// </summary>
    internal static int ReadLine(Span<byte> buffer, out bool truncated)
    {
        int length = 0;
        truncated = false;
        while (true)
        {
            byte value = InputQueue.DequeueWaiting();
            if (value == (byte)'\n' && s_lastWasCarriageReturn)
            {
                s_lastWasCarriageReturn = false;
                continue;
            }

            s_lastWasCarriageReturn = value == (byte)'\r';
            if (value == (byte)'\r' || value == (byte)'\n')
            {
                Terminal.WriteByte((byte)'\n');
                return length;
            }

            if (value == (byte)'\b' || value == 0x7F)
            {
                if (length > 0)
                {
                    length--;
                    Terminal.WriteByte((byte)'\b');
                    Terminal.WriteByte((byte)' ');
                    Terminal.WriteByte((byte)'\b');
                }

                continue;
            }

            if (value < 0x20 || value > 0x7E)
            {
                continue;
            }

            if (length == buffer.Length)
            {
                truncated = true;
                continue;
            }

            buffer[length++] = value;
            Terminal.WriteByte(value);
        }
    }
}
