// Between C#'s strings and the kernel's NUL-terminated byte strings. A char becomes one byte (chars above 0xFF
// become '?'), the inverse of Process.cs reading arguments one byte per char, so paths and arguments pass through
// unchanged. Conversions to bytes write into a caller-supplied buffer: nothing is allocated per system call.
namespace MeghaOS.User;

using System;
using System.Runtime;
using System.Runtime.CompilerServices;

/// <summary>NUL-terminated byte strings.</summary>
public static unsafe class CString
{
    /// <summary>Longest path the programs pass to the kernel, with its NUL (Linux's PATH_MAX).</summary>
    public const int MaxPath = 4096;

    /// <summary>Length of the NUL-terminated <paramref name="text"/>.</summary>
    public static int Length(byte* text)
    {
        int length = 0;
        while (text[length] != 0)
        {
            length++;
        }

        return length;
    }

    /// <summary>The NUL-terminated <paramref name="text"/> as a span (without the NUL).</summary>
    public static ReadOnlySpan<byte> AsSpan(byte* text) => new ReadOnlySpan<byte>(text, text == null ? 0 : Length(text));

    /// <summary>A new string with one char per byte of <paramref name="text"/>.</summary>
    public static string ToString(byte* text) => ToString(AsSpan(text));

    /// <summary>A new string with one char per byte of <paramref name="bytes"/>.</summary>
    public static string ToString(ReadOnlySpan<byte> bytes)
    {
        string result = FastAllocate(bytes.Length);
        fixed (char* chars = result)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }
        }

        return result;
    }

    /// <summary>
    /// Writes <paramref name="text"/> and a NUL into <paramref name="destination"/>; false when it does not fit or
    /// holds a NUL (which the kernel would read as the end).
    /// </summary>
    public static bool TryCopy(string text, Span<byte> destination)
    {
        if (text.Length + 1 > destination.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\0')
            {
                return false;
            }

            destination[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }

        destination[text.Length] = 0;
        return true;
    }

    /// <summary>A new NUL-terminated copy of <paramref name="text"/> on the program heap (for argv and envp arrays).</summary>
    public static byte* Allocate(string text)
    {
        byte* copy = UserMemory.Allocate((ulong)text.Length + 1);
        if (copy != null && !TryCopy(text, new Span<byte>(copy, text.Length + 1)))
        {
            return null;
        }

        return copy;
    }

    // Strings are allocated like arrays of char: the runtime's RhNewString export (the kernel core library's
    // ObjectAllocator) with String's type, taken from the literal "".
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhNewString")]
    private static extern string NewString(void* type, int length);

    private static string FastAllocate(int length)
    {
        string empty = "";
        void* type = *(void**)*(byte**)Unsafe.AsPointer(ref empty);
        return NewString(type, length);
    }
}
