// Writing text to a file descriptor: standard output and standard error for messages, any descriptor for data.
// Unbuffered (each call is one or more write system calls), so nothing is lost when a program forks, execs or
// exits, and output from pipelines interleaves in the order it was produced. Programs build a line in a stack
// buffer (MeghaOS.Text.TextBuilder) and write it with one call. Error reports follow the Unix convention
// "program: subject: message".
namespace MeghaOS.User;

using System;
using MeghaOS.Text;

/// <summary>Text output to descriptors.</summary>
public static unsafe class Output
{
    /// <summary>Standard descriptors.</summary>
    public const int StandardInput = 0, StandardOutput = 1, StandardError = 2;

    /// <summary>Writes all of <paramref name="bytes"/>; returns 0, or -errno when a write failed.</summary>
    public static long Write(int fd, ReadOnlySpan<byte> bytes)
    {
        {
            byte* start = Bytes.AddressOf(bytes);
            int done = 0;
            while (done < bytes.Length)
            {
                long written = Syscall.WriteFile(fd, start + done, (ulong)(bytes.Length - done));
                if (written == -Errno.Interrupted)
                {
                    continue;
                }

                if (written <= 0)
                {
                    return written < 0 ? written : -Errno.Invalid;
                }

                done += (int)written;
            }
        }

        return 0;
    }

    /// <summary>Writes <paramref name="text"/> one byte per char; returns 0 or -errno.</summary>
    public static long Write(int fd, string text)
    {
        const int Chunk = 256;
        byte* buffer = stackalloc byte[Chunk];
        for (int start = 0; start < text.Length; start += Chunk)
        {
            int length = text.Length - start < Chunk ? text.Length - start : Chunk;
            for (int i = 0; i < length; i++)
            {
                char c = text[start + i];
                buffer[i] = c <= 0xFF ? (byte)c : (byte)'?';
            }

            long result = Write(fd, new ReadOnlySpan<byte>(buffer, length));
            if (result < 0)
            {
                return result;
            }
        }

        return 0;
    }

    /// <summary>Writes <paramref name="text"/> to standard output.</summary>
    public static void Print(string text) => Write(StandardOutput, text);

    /// <summary>Writes <paramref name="bytes"/> to standard output.</summary>
    public static void Print(ReadOnlySpan<byte> bytes) => Write(StandardOutput, bytes);

    /// <summary>Writes "<paramref name="program"/>: <paramref name="message"/>\n" to standard error.</summary>
    public static void Error(string program, string message) => Error(program, null, message);

    /// <summary>Writes "<paramref name="program"/>: <paramref name="subject"/>: errno text\n" to standard error.</summary>
    public static void Error(string program, string subject, long errno) => Error(program, subject, Errno.Text(errno));

    /// <summary>
    /// Writes "<paramref name="program"/>: <paramref name="subject"/>: <paramref name="message"/>\n" to standard
    /// error (without the subject when it is null), in one write.
    /// </summary>
    public static void Error(string program, string? subject, string message)
    {
        byte* buffer = stackalloc byte[512];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, 512));
        line.Append(program);
        line.Append(": "u8);
        if (subject != null)
        {
            line.Append(subject);
            line.Append(": "u8);
        }

        line.Append(message);
        line.AppendByte((byte)'\n');
        Write(StandardError, line.Text);
    }

    /// <summary>True when <paramref name="fd"/> is a terminal (ioctl TCGETS succeeds; ENOTTY for files and pipes).</summary>
    public static bool IsTerminal(int fd)
    {
        // struct termios is 60 bytes on x86-64 Linux.
        byte* termios = stackalloc byte[64];
        return Syscall.IoControl(fd, Syscall.TerminalGetAttributes, termios) == 0;
    }
}
