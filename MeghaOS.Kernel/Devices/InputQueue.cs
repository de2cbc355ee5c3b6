// The bytes typed on either console, in arrival order: the keyboard and serial interrupt handlers put bytes in,
// the line editor takes them out. A fixed ring (no allocation); when it is full, further bytes are dropped and
// counted rather than overwriting unread input. The reader blocks on a wait queue that the handlers wake. It also
// polls the serial port before it sleeps, and the timer's tick (100 Hz) polls it while a reader waits: a COM1
// interrupt can go missing under a flood of input (the IRQ line is edge-triggered), so the console never stops
// answering.
namespace MeghaOS.Devices;

using MeghaOS.Arch.X64;
using MeghaOS.Scheduling;

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
    private static WaitQueue s_waiters;

    /// <summary>Bytes dropped because the queue was full.</summary>
    internal static ulong DroppedCount => s_dropped;

    /// <summary>True while another byte fits. The serial driver leaves bytes in the UART when the queue is full, so QEMU (or the sender's flow control) holds them back instead of them being lost.</summary>
    internal static bool HasRoom => s_count < Capacity;

    /// <summary>Adds a byte; called from interrupt handlers (interrupts are off there).</summary>
    internal static void Enqueue(byte value)
    {
        if (value == 0x03 && Processes.ConsoleLineDiscipline.IsActive)
        {
            // Ctrl-C reaches the foreground programs at once, even when no task reads input (a program that spins);
            // the byte is still queued, so the line discipline echoes it and drops the line.
            Processes.ProcessTable.InterruptForeground(Syscalls.SyscallFlags.SignalInterrupt);
        }

        if (s_count == Capacity)
        {
            s_dropped++;
            return;
        }

        s_storage.Bytes[(s_head + s_count) % Capacity] = value;
        s_count++;
        fixed (WaitQueue* waiters = &s_waiters)
        {
            Scheduler.WakeAll(waiters);
        }
    }

    /// <summary>Takes the oldest byte if there is one, without waiting.</summary>
    internal static bool TryDequeue(out byte value)
    {
        bool interrupts = Cpu.SaveAndDisableInterrupts();
        if (s_count == 0)
        {
            Drivers.SerialPort.OnInterrupt();
        }

        bool found = s_count > 0;
        value = 0;
        if (found)
        {
            value = s_storage.Bytes[s_head];
            s_head = (s_head + 1) % Capacity;
            s_count--;
        }

        if (interrupts)
        {
            Cpu.EnableInterrupts();
        }

        return found;
    }

    /// <summary>
    /// Takes the oldest byte, blocking the calling task until one arrives (other tasks run meanwhile; before the
    /// scheduler runs, the CPU halts). The check and the sleep happen with interrupts off, so no byte is missed.
    /// </summary>
    internal static byte DequeueWaiting()
    {
        // Whatever the framebuffer console still holds back is drawn before the reader waits.
        Drivers.FramebufferScreen.FlushPending();
        while (true)
        {
            bool interrupts = Cpu.SaveAndDisableInterrupts();
            if (s_count == 0)
            {
                Drivers.SerialPort.OnInterrupt();
            }

            if (s_count > 0)
            {
                byte value = s_storage.Bytes[s_head];
                s_head = (s_head + 1) % Capacity;
                s_count--;
                if (interrupts)
                {
                    Cpu.EnableInterrupts();
                }

                return value;
            }

            if (Scheduler.IsRunning)
            {
                fixed (WaitQueue* waiters = &s_waiters)
                {
                    Scheduler.Block(waiters);
                }

                if (interrupts)
                {
                    Cpu.EnableInterrupts();
                }
            }
            else
            {
                // Enables interrupts and halts atomically: an interrupt between the check and the halt still wakes us.
                Cpu.WaitForInterrupt();
            }
        }
    }

    /// <summary>
    /// Called on every timer tick: while a task waits for input, the UART is read, so a lost COM1 interrupt (the
    /// line is edge-triggered) never leaves typed bytes unread.
    /// </summary>
    internal static void PollWhileWaited()
    {
        if (!s_waiters.IsEmpty && s_count == 0)
        {
            Drivers.SerialPort.OnInterrupt();
        }
    }
}
