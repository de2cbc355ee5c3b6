// Reading program arguments: numbers ("123" or "0x1f", through the kernel's NumberParse) and the common
// "path or standard input" convention ("-" or no argument means descriptor 0).
namespace MeghaOS.User;

using System;
using MeghaOS.Text;

/// <summary>Helpers for Main's string arguments.</summary>
public static unsafe class Arguments
{
    /// <summary>Parses a decimal or 0x-prefixed hexadecimal number; false for anything else.</summary>
    public static bool TryParseUnsigned(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 32)
        {
            return false;
        }

        byte* buffer = stackalloc byte[33];
        if (!CString.TryCopy(text, new Span<byte>(buffer, 33)))
        {
            return false;
        }

        return NumberParse.TryParseUnsigned(new ReadOnlySpan<byte>(buffer, text.Length), out value);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading ("-" is standard input, returned as 0); returns the descriptor, or
    /// -errno after reporting "program: path: message" on standard error.
    /// </summary>
    public static long OpenInput(string program, string path)
    {
        if (path == "-")
        {
            return Output.StandardInput;
        }

        long fd = Files.Open(path, Syscall.OpenReadOnly | Syscall.OpenCloseOnExec);
        if (fd < 0)
        {
            Output.Error(program, path, fd);
        }

        return fd;
    }
}
