// The bytes typed on either console, in arrival order: the keyboard and serial interrupt handlers put bytes in,
// the line editor takes them out. A fixed ring (no allocation); when it is full, further bytes are dropped and
// counted rather than overwriting unread input.
namespace MeghaOS.Devices;

using MeghaOS.Arch.X64;

/// <summary>A ring buffer of input bytes shared by the keyboard and the serial port.</summary>
internal static unsafe class InputQueue
{
    private const int Capacity = 1024;

    private struct Storage
    {
        public fixed byte Bytes[Capacity];
    }

    private static Storage s_storage;
    private static int s_head;
    private static int s_count;
    private static ulong s_dropped;

    /// <summary>Bytes dropped because the queue was full.</summary>
    internal static ulong DroppedCount => s_dropped;

    /// <summary>Adds a byte; called from interrupt handlers (interrupts are off there).</summary>
    internal static void Enqueue(byte value)
    {
        if (s_count == Capacity)
        {
            s_dropped++;
            return;
        }

        s_storage.Bytes[(s_head + s_count) % Capacity] = value;
        s_count++;
    }

    /// <summary>Takes the oldest byte, sleeping until one arrives.</summary>
    internal static byte DequeueWaiting()
    {
        while (true)
        {
            Cpu.DisableInterrupts();
            if (s_count > 0)
            {
                byte value = s_storage.Bytes[s_head];
                s_head = (s_head + 1) % Capacity;
                s_count--;
                Cpu.EnableInterrupts();
                return value;
            }

            // Enables interrupts and halts atomically: an interrupt between the check and the halt still wakes us.
            Cpu.WaitForInterrupt();
        }
    }
}
