// The console's canonical mode, what descriptors 0, 1 and 2 of a program read through: typed bytes are collected
// into a line (echoed; backspace removes the last byte), and a read returns only completed lines. Enter completes a
// line; Ctrl-D completes it without a newline, or on an empty line gives end of file (a read of 0); Ctrl-C drops the
// line and echoes ^C (the input interrupt handler already signalled the foreground programs when the byte arrived,
// ProcessTable.InterruptForeground: signalling again here, later, would reach a program started in between). The
// kernel feeds it with Receive from the console input path while a user program is in the foreground (IsActive).
// Receive changes the same fields as Read and Reset (run by an exiting process), so each runs with interrupts off.
namespace MeghaOS.Processes;

using MeghaOS.Devices;
using MeghaOS.Scheduling;

/// <summary>Canonical-mode line discipline of the console.</summary>
public static unsafe class ConsoleLineDiscipline
{
    /// <summary>Bytes of completed lines that wait to be read, and most bytes in one line being edited.</summary>
    public const int Capacity = 1024;

    /// <summary>Completed lines (and end-of-file marks) that can wait to be read.</summary>
    public const int MaxLines = 32;

    private struct Storage
    {
        public fixed byte Ready[Capacity];
        public fixed byte Editing[Capacity];
        public fixed int LineLengths[MaxLines];
    }

    private static Storage s_storage;
    private static int s_readyHead;
    private static int s_readyCount;
    private static int s_editingLength;
    private static int s_lineHead;
    private static int s_lineCount;
    private static WaitQueue s_readers;
    private static ushort s_rows = 25;
    private static ushort s_columns = 80;

    /// <summary>True while a user program is in the foreground: console input should go to <see cref="Receive"/>.</summary>
    public static bool IsActive => ProcessTable.ForegroundId != 0 && ProcessTable.Find(ProcessTable.ForegroundId) != null;

    /// <summary>Terminal rows (TIOCGWINSZ).</summary>
    public static ushort Rows => s_rows;

    /// <summary>Terminal columns (TIOCGWINSZ).</summary>
    public static ushort Columns => s_columns;

    /// <summary>True when a read would not wait: a completed line (or an end-of-file mark) is ready (poll's POLLIN).</summary>
    public static bool HasLine => s_lineCount > 0;

    /// <summary>Bytes of completed lines not yet read.</summary>
    public static int PendingBytes => s_readyCount;

    /// <summary>Sets the size TIOCGWINSZ reports (the kernel sets the console's).</summary>
    public static void SetSize(ushort rows, ushort columns)
    {
        s_rows = rows;
        s_columns = columns;
    }

    /// <summary>Drops all input (tests, and when the foreground program ends).</summary>
    public static void Reset()
    {
        bool interrupts = ProcessTable.DisableInterrupts();
        s_readyHead = 0;
        s_readyCount = 0;
        s_editingLength = 0;
        s_lineHead = 0;
        s_lineCount = 0;
        ProcessTable.RestoreInterrupts(interrupts);
    }

    /// <summary>One typed byte (from the input task, or with interrupts off).</summary>
    public static void Receive(byte value)
    {
        // A preemption inside Complete (between counting the bytes and the line) by an exiting foreground process's
        // Reset would leave the counts inconsistent and the ring index negative.
        bool interrupts = ProcessTable.DisableInterrupts();
        Edit(value);
        ProcessTable.RestoreInterrupts(interrupts);
    }

    private static void Edit(byte value)
    {
        switch (value)
        {
            case 0x03: // Ctrl-C: the signal went out from the interrupt handler when the byte was typed
                s_editingLength = 0;
                Terminal.Write("^C\n"u8);
                return;
            case 0x04: // Ctrl-D
                Complete();
                return;
            case 0x08:
            case 0x7F:
                if (s_editingLength > 0)
                {
                    s_editingLength--;
                    Terminal.Write("\b \b"u8);
                }

                return;
            case (byte)'\r':
            case (byte)'\n':
                if (s_editingLength < Capacity)
                {
                    s_storage.Editing[s_editingLength++] = (byte)'\n';
                }

                Terminal.WriteByte((byte)'\n');
                Complete();
                return;
        }

        if (s_editingLength < Capacity - 1 && (value >= 0x20 || value == (byte)'\t'))
        {
            s_storage.Editing[s_editingLength++] = value;
            Terminal.WriteByte(value);
        }
    }

    /// <summary>
    /// Reads one line, or the part of it that fits: waits until a line is complete. Returns the bytes read, 0 at end
    /// of file, or -EINTR when the reading process got a signal while it waited.
    /// </summary>
    public static int Read(byte* destination, int count)
    {
        while (true)
        {
            bool interrupts = ProcessTable.DisableInterrupts();
            if (s_lineCount > 0)
            {
                int read = TakeLine(destination, count);
                ProcessTable.RestoreInterrupts(interrupts);
                return read;
            }

            if (ProcessTable.CurrentHasPendingSignal())
            {
                ProcessTable.RestoreInterrupts(interrupts);
                return -Syscalls.Errno.EINTR;
            }

            fixed (WaitQueue* readers = &s_readers)
            {
                ProcessTable.Block(readers);
            }

            ProcessTable.RestoreInterrupts(interrupts);
        }
    }

    // Moves the edited line into the ready ring as one record (length 0 is end of file).
    private static void Complete()
    {
        int length = s_editingLength;
        if (s_lineCount == MaxLines || Capacity - s_readyCount < length)
        {
            return; // the reader is far behind: the line is dropped, like a full tty buffer
        }

        for (int i = 0; i < length; i++)
        {
            s_storage.Ready[(s_readyHead + s_readyCount + i) % Capacity] = s_storage.Editing[i];
        }

        s_readyCount += length;
        s_storage.LineLengths[(s_lineHead + s_lineCount) % MaxLines] = length;
        s_lineCount++;
        s_editingLength = 0;
        fixed (WaitQueue* readers = &s_readers)
        {
            ProcessTable.WakeAll(readers);
        }

        PollWaiters.WakeAll();
    }

    private static int TakeLine(byte* destination, int count)
    {
        int remaining = s_storage.LineLengths[s_lineHead];
        if (remaining == 0)
        {
            // End of file: one read returns 0 (a partly read line never ends in an EOF record).
            Pop();
            return 0;
        }

        int take = count < remaining ? count : remaining;
        for (int i = 0; i < take; i++)
        {
            destination[i] = s_storage.Ready[(s_readyHead + i) % Capacity];
        }

        s_readyHead = (s_readyHead + take) % Capacity;
        s_readyCount -= take;
        s_storage.LineLengths[s_lineHead] = remaining - take;
        if (remaining == take)
        {
            Pop();
        }

        return take;
    }

    private static void Pop()
    {
        s_lineHead = (s_lineHead + 1) % MaxLines;
        s_lineCount--;
    }
}
