// The PS/2 keyboard (IRQ 1): translates scan code set 1 (what the controller delivers by default) to ASCII,
// with Shift, Caps Lock and Ctrl (Ctrl+letter = control byte, so Ctrl-C works), and puts the bytes in the input
// queue. The arrow keys become the ANSI sequences a serial terminal sends (ESC [ A/B/C/D), so the shell's history
// works the same on both consoles. Other keys without an ASCII meaning (Esc among them) are ignored.
namespace MeghaOS.Drivers;

using MeghaOS.Arch.X64;
using MeghaOS.Devices;

/// <summary>The PS/2 keyboard driver.</summary>
internal static unsafe class Ps2Keyboard
{
    private const ushort DataPort = 0x60;
    private const ushort StatusPort = 0x64;
    private const int Irq = 1;
    private const byte LeftShift = 0x2A;
    private const byte RightShift = 0x36;
    private const byte CapsLock = 0x3A;
    private const byte Control = 0x1D;     // left Ctrl; right Ctrl is the same code after 0xE0
    private const byte ArrowUp = 0x48;     // after 0xE0
    private const byte ArrowDown = 0x50;
    private const byte ArrowRight = 0x4D;
    private const byte ArrowLeft = 0x4B;
    private const byte ReleaseBit = 0x80;
    private const byte ExtendedPrefix = 0xE0;

    // Scan code set 1, make codes 0x00-0x39, unshifted and shifted. 0 = no ASCII meaning. The Esc key (0x01) is one
    // of those: a bare ESC byte would start an escape sequence in the line editor and swallow the next key.
    private const string Unshifted = "\0\0" + "1234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
    private const string Shifted = "\0\0" + "!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

    private static bool s_shift;
    private static bool s_capsLock;
    private static bool s_control;
    private static bool s_extended;

    /// <summary>Empties the controller's buffer and starts taking keyboard interrupts.</summary>
    internal static void Initialize()
    {
        while ((Cpu.In8(StatusPort) & 1) != 0)
        {
            Cpu.In8(DataPort);
        }

        InterruptDispatcher.SetIrqHandler(Irq, &OnInterrupt);
    }

    private static void OnInterrupt()
    {
        byte code = Cpu.In8(DataPort);
        if (code == ExtendedPrefix)
        {
            s_extended = true;
            return;
        }

        bool extended = s_extended;
        s_extended = false;
        bool released = (code & ReleaseBit) != 0;
        byte key = (byte)(code & ~ReleaseBit);
        if (key == LeftShift || key == RightShift)
        {
            s_shift = !released;
            return;
        }

        if (key == Control)
        {
            s_control = !released;
            return;
        }

        if (released)
        {
            return;
        }

        if (extended)
        {
            OnExtendedKey(key);
            return;
        }

        if (key == CapsLock)
        {
            s_capsLock = !s_capsLock;
            return;
        }

        if (key >= Unshifted.Length)
        {
            return;
        }

        char c = s_shift ? Shifted[key] : Unshifted[key];
        if (s_capsLock && c >= 'a' && c <= 'z')
        {
            c = (char)(c - 'a' + 'A');
        }
        else if (s_capsLock && c >= 'A' && c <= 'Z')
        {
            c = (char)(c - 'A' + 'a');
        }

        if (s_control && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        {
            c = (char)(c & 0x1F);
        }

        if (c != '\0')
        {
            InputQueue.Enqueue((byte)c);
        }
    }

    private static void OnExtendedKey(byte key)
    {
        byte final = key switch
        {
            ArrowUp => (byte)'A',
            ArrowDown => (byte)'B',
            ArrowRight => (byte)'C',
            ArrowLeft => (byte)'D',
            _ => (byte)0,
        };
        if (final != 0)
        {
            InputQueue.Enqueue(0x1B);
            InputQueue.Enqueue((byte)'[');
            InputQueue.Enqueue(final);
        }
    }
}
