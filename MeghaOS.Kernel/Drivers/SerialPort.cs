// The COM1 serial port (16550 UART at I/O port 0x3F8), 115200 baud, 8N1, polled output. Received bytes are read
// by the COM1 interrupt handler (IRQ 4) into a ring buffer so that no input is lost while the kernel is busy.
namespace MeghaOS.Drivers;

using MeghaOS.Arch.X64;

/// <summary>The first serial port: the console a test (or a person with -serial stdio) talks to.</summary>
internal static class SerialPort
{
    private const ushort Base = 0x3F8;
    private const ushort Data = Base + 0;                 // DLAB=0: transmit/receive; DLAB=1: divisor low byte
    private const ushort InterruptEnable = Base + 1;      // DLAB=1: divisor high byte
    private const ushort FifoControl = Base + 2;
    private const ushort LineControl = Base + 3;
    private const ushort ModemControl = Base + 4;
    private const ushort LineStatus = Base + 5;
    private const byte LineStatusDataReady = 0x01;
    private const byte LineStatusTransmitEmpty = 0x20;

    private static bool s_present;

    /// <summary>True when the UART answered the loopback test at <see cref="Initialize"/>.</summary>
    internal static bool IsPresent => s_present;

    /// <summary>Programs the UART; returns false (and drops later output) when no UART answers.</summary>
    internal static bool Initialize()
    {
        Cpu.Out8(InterruptEnable, 0x00);
        Cpu.Out8(LineControl, 0x80);                      // DLAB on: set the divisor
        Cpu.Out8(Data, 0x01);                             // 115200 / 1
        Cpu.Out8(InterruptEnable, 0x00);
        Cpu.Out8(LineControl, 0x03);                      // 8 data bits, no parity, 1 stop bit, DLAB off
        Cpu.Out8(FifoControl, 0xC7);                      // FIFOs on and cleared (bytes typed before this are lost), 14-byte threshold
        Cpu.Out8(ModemControl, 0x1E);                     // loopback, to test the chip
        Cpu.Out8(Data, 0xAE);
        if (Cpu.In8(Data) != 0xAE)
        {
            s_present = false;
            return false;
        }

        Cpu.Out8(ModemControl, 0x0B);                     // normal mode: DTR, RTS, OUT2 (OUT2 gates the IRQ line)
        s_present = true;
        return true;
    }

    /// <summary>Asks the UART to interrupt (IRQ 4) when a byte arrives.</summary>
    internal static void EnableReceiveInterrupt()
    {
        if (s_present)
        {
            Cpu.Out8(InterruptEnable, 0x01);
        }
    }

    /// <summary>Sends one byte, waiting for room in the transmitter.</summary>
    internal static void WriteByte(byte value)
    {
        if (!s_present)
        {
            return;
        }

        while ((Cpu.In8(LineStatus) & LineStatusTransmitEmpty) == 0)
        {
        }

        Cpu.Out8(Data, value);
    }

    /// <summary>The COM1 interrupt (IRQ 4), also polled by the input queue's reader: moves received bytes into the input queue while it has room.</summary>
    internal static void OnInterrupt()
    {
        // With the queue full, the rest waits in the UART; the reader polls it again once it has taken bytes out.
        while (Devices.InputQueue.HasRoom && TryReadByte(out byte value))
        {
            Devices.InputQueue.Enqueue(value);
        }
    }

    /// <summary>Reads a received byte if one is waiting.</summary>
    internal static bool TryReadByte(out byte value)
    {
        if (s_present && (Cpu.In8(LineStatus) & LineStatusDataReady) != 0)
        {
            value = Cpu.In8(Data);
            return true;
        }

        value = 0;
        return false;
    }
}
