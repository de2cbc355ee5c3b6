// cat [-f] [FILE...]: copies each FILE (or standard input, also "-") to standard output. When standard output is
// a pipe or a file (ioctl TCGETS fails) the bytes pass unchanged, however long. At a terminal, cat shows a file
// like the kernel shell's cat: text as it is, anything else (the first 256 KiB decide) as hex rows
// "OOOOOOOO: xx xx ..." labelled with the byte offset, and for a frame bitmap (/dev/pab, or any FILE with -f)
// "OOOOOOOO frame NNNNNNNN: xx ..." with the first frame each row covers (docs/pab.md). At most 256 KiB are shown
// at a terminal, then "output stopped after 262144 bytes". Exit status 1 when any file could not be read.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Cat
{
    private const int MaxTerminalBytes = 256 * 1024;
    private const int RowBytes = HexRows.RowBytes;

    private static int Main(string[] args)
    {
        bool frameBitmap = false;
        int first = 0;
        if (args.Length > 0 && args[0] == "-f")
        {
            frameBitmap = true;
            first = 1;
        }

        bool terminal = Output.IsTerminal(Output.StandardOutput);
        int status = 0;
        if (first == args.Length)
        {
            return Show("-", frameBitmap, terminal) ? 0 : 1;
        }

        for (int i = first; i < args.Length; i++)
        {
            if (!Show(args[i], frameBitmap || args[i] == "/dev/pab", terminal))
            {
                status = 1;
            }
        }

        return status;
    }

    private static bool Show(string path, bool frameBitmap, bool terminal)
    {
        long fd = Arguments.OpenInput("cat", path);
        if (fd < 0)
        {
            return false;
        }

        bool ok = terminal ? ShowAtTerminal((int)fd, path, frameBitmap) : Copy((int)fd, path);
        if (fd != Output.StandardInput)
        {
            Files.Close((int)fd);
        }

        return ok;
    }

    private static bool Copy(int fd, string path)
    {
        const int Chunk = 64 * 1024;
        byte* buffer = Buffer(Chunk);
        while (true)
        {
            long count = Files.Read(fd, new Span<byte>(buffer, Chunk));
            if (count < 0)
            {
                Output.Error("cat", path, count);
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            long written = Output.Write(Output.StandardOutput, new ReadOnlySpan<byte>(buffer, (int)count));
            if (written < 0)
            {
                Output.Error("cat", "write error", written);
                return false;
            }
        }
    }

    private static bool ShowAtTerminal(int fd, string path, bool frameBitmap)
    {
        byte* buffer = Buffer(MaxTerminalBytes);
        int length = 0;
        while (length < MaxTerminalBytes)
        {
            long count = Files.Read(fd, new Span<byte>(buffer + length, MaxTerminalBytes - length));
            if (count < 0)
            {
                Output.Error("cat", path, count);
                return false;
            }

            if (count == 0)
            {
                break;
            }

            length += (int)count;
        }

        bool binary = false;
        for (int i = 0; i < length && !binary; i++)
        {
            byte c = buffer[i];
            binary = !Bytes.IsPrintable(c) && c != (byte)'\n' && c != (byte)'\r' && c != (byte)'\t';
        }

        if (!binary)
        {
            Output.Write(Output.StandardOutput, new ReadOnlySpan<byte>(buffer, length));
            if (length == MaxTerminalBytes)
            {
                // Text goes on to the end, as it would through a pipe.
                return Copy(fd, path);
            }

            if (length > 0 && buffer[length - 1] != (byte)'\n')
            {
                Output.Print("\n");
            }

            return true;
        }

        for (int row = 0; row < length; row += RowBytes)
        {
            WriteRow((ulong)row, buffer + row, length - row < RowBytes ? length - row : RowBytes, frameBitmap);
        }

        if (length == MaxTerminalBytes)
        {
            byte* probe = stackalloc byte[1];
            if (Files.Read(fd, new Span<byte>(probe, 1)) > 0)
            {
                Output.Error("cat", path, "output stopped after 262144 bytes");
            }
        }

        return true;
    }

    private static void WriteRow(ulong offset, byte* bytes, int length, bool frameBitmap)
    {
        byte* buffer = stackalloc byte[HexRows.MaxRowLength];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, HexRows.MaxRowLength));
        HexRows.AppendCatRow(ref line, offset, new ReadOnlySpan<byte>(bytes, length), frameBitmap);
        Output.Print(line.Text);
    }

    private static byte* s_buffer;

    // One buffer for the whole run (the heap never frees; see UserMemory).
    private static byte* Buffer(int size)
    {
        if (s_buffer == null)
        {
            s_buffer = UserMemory.Allocate(MaxTerminalBytes);
            if (s_buffer == null)
            {
                Output.Error("cat", "out of memory");
                Process.Exit(1);
            }
        }

        return s_buffer;
    }
}
