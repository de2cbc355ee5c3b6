// The terminal abstraction: the kernel and the shell write text here, and the active implementation decides
// whether it reaches the serial port, the VGA screen, or both.
namespace MeghaOS.Devices;

using System;

/// <summary>The terminal output facade. Writes are dropped until an implementation is installed.</summary>
public static unsafe class Terminal
{
    private static TerminalOperations s_operations;
    private static bool s_isActive;

    /// <summary>True once an implementation has been installed.</summary>
    public static bool IsActive => s_isActive;

    /// <summary>The active implementation's name, or "none".</summary>
    public static string ImplementationName => s_isActive ? s_operations.Name : "none";

    /// <summary>
    /// Makes <paramref name="operations"/> the active output; false when the table is incomplete or the output is not
    /// available on this machine (its <see cref="TerminalOperations.IsAvailable"/>).
    /// </summary>
    public static bool SetOperations(in TerminalOperations operations)
    {
        if (!operations.IsComplete || (operations.IsAvailable != null && !operations.IsAvailable(operations.Context)))
        {
            return false;
        }

        s_operations = operations;
        s_isActive = true;
        return true;
    }

    /// <summary>Forgets the active implementation. For tests only.</summary>
    public static void Reset()
    {
        s_operations = default;
        s_isActive = false;
    }

    /// <summary>
    /// Writes bytes, in the kernel's critical section: a message written from an interrupt handler (the scheduler's
    /// watchdog) cannot cut into a task's write halfway.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> text)
    {
        if (s_isActive)
        {
            bool section = CriticalSection.Enter();
            s_operations.Write(s_operations.Context, text);
            CriticalSection.Leave(section);
        }
    }

    /// <summary>Writes one byte.</summary>
    public static void WriteByte(byte value)
    {
        byte* one = stackalloc byte[1];
        one[0] = value;
        Write(new ReadOnlySpan<byte>(one, 1));
    }

    /// <summary>Writes the characters of <paramref name="text"/>, each truncated to a byte (callers pass ASCII).</summary>
    public static void Write(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            WriteByte((byte)text[i]);
        }
    }

    /// <summary>Colours what is written next by its kind, where the output has colours.</summary>
    public static void SetColour(TerminalColour colour)
    {
        if (s_isActive && s_operations.SetColour != null)
        {
            s_operations.SetColour(s_operations.Context, colour);
        }
    }

    /// <summary>Clears the screen.</summary>
    public static void Clear()
    {
        if (s_isActive)
        {
            s_operations.Clear(s_operations.Context);
        }
    }
}
