// The end of the line for a kernel bug or a CPU exception: print what happened on the serial console and on the
// screen (straight to the drivers, so a broken terminal or heap cannot hide the message), then stop the CPU with
// interrupts off. The machine halts; it never reboots or triple-faults.
namespace MeghaOS;

using System;
using MeghaOS.Arch.X64;
using MeghaOS.Drivers;
using MeghaOS.Text;

/// <summary>Kernel panic: report and halt.</summary>
public static unsafe class Panic
{
    /// <summary>The first line of every panic message; tests look for it.</summary>
    public const string Marker = "KERNEL PANIC: ";

    private static bool s_inPanic;

    /// <summary>Prints <paramref name="reason"/> and halts for good.</summary>
    public static void Halt(string reason)
    {
        Begin();
        Write(reason);
        Write("\nSystem halted.\n");
        FramebufferScreen.FlushPending();
        Cpu.HaltForever();
    }

    /// <summary>Starts a panic message (interrupts off, marker printed); follow with Write calls, then <see cref="End"/>.</summary>
    internal static void Begin()
    {
        Cpu.DisableInterrupts();
        if (s_inPanic)
        {
            // A fault while reporting a fault: stop at once rather than loop.
            Cpu.HaltForever();
        }

        s_inPanic = true;
        VgaTextScreen.UsePanicColours();
        FramebufferScreen.UsePanicColours();
        Write("\n");
        Write(Marker);
    }

    /// <summary>Ends a panic message and halts for good.</summary>
    internal static void End()
    {
        Write("\nSystem halted.\n");
        FramebufferScreen.FlushPending();
        Cpu.HaltForever();
    }

    /// <summary>Writes text to the serial port and the screen.</summary>
    internal static void Write(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            WriteByte((byte)text[i]);
        }
    }

    /// <summary>Writes "0x" and a number in hex, 16 digits.</summary>
    internal static void WriteHex(ulong value)
    {
        WriteByte((byte)'0');
        WriteByte((byte)'x');
        byte* buffer = stackalloc byte[NumberFormat.MaxHexDigits];
        int length = NumberFormat.FormatHex(value, 16, new Span<byte>(buffer, NumberFormat.MaxHexDigits));
        for (int i = 0; i < length; i++)
        {
            WriteByte(buffer[i]);
        }
    }

    /// <summary>Writes a number in decimal.</summary>
    internal static void WriteDecimal(ulong value)
    {
        byte* buffer = stackalloc byte[NumberFormat.MaxDecimalDigits];
        int length = NumberFormat.FormatDecimal(value, new Span<byte>(buffer, NumberFormat.MaxDecimalDigits));
        for (int i = 0; i < length; i++)
        {
            WriteByte(buffer[i]);
        }
    }

    private static void WriteByte(byte value)
    {
        if (value == (byte)'\n')
        {
            SerialPort.WriteByte((byte)'\r');
        }

        SerialPort.WriteByte(value);
        if (FramebufferScreen.IsActive)
        {
            FramebufferScreen.Write(new ReadOnlySpan<byte>(&value, 1));
        }
        else
        {
            VgaTextScreen.WriteByte(value);
        }
    }
}
