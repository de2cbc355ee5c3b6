// ps [FILE]: the process table, read from /sys/processes (or FILE) in the format the kernel writes it
// (MeghaOS.Kernel/Processes/ProcessFiles.cs; docs/files.md): a header line "PID PPID STATE FRAMES THREAD NAME" and one
// line per process, fields separated by runs of blanks (the kernel right-aligns the numbers). ps checks every line
// and prints PID, PPID, STATE, FRAMES and NAME with aligned columns. A malformed file (wrong header, a field missing,
// a number that is not one, a state other than alive or zombie) gives "ps: FILE: line N: ..." and exit status 1.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Ps
{
    private const int MaxFileBytes = 256 * 1024;

    private static int Main(string[] args)
    {
        if (args.Length > 1)
        {
            Output.Error("ps", "usage: ps [FILE]");
            return 2;
        }

        string path = args.Length > 0 ? args[0] : "/sys/processes";
        long fd = Arguments.OpenInput("ps", path);
        if (fd < 0)
        {
            return 1;
        }

        byte* text = UserMemory.Allocate(MaxFileBytes);
        int length = 0;
        while (length < MaxFileBytes)
        {
            long count = Files.Read((int)fd, new Span<byte>(text + length, MaxFileBytes - length));
            if (count < 0)
            {
                Output.Error("ps", path, count);
                return 1;
            }

            if (count == 0)
            {
                break;
            }

            length += (int)count;
        }

        // First pass checks everything, so a bad file prints nothing but the message.
        for (int pass = 0; pass < 2; pass++)
        {
            int lineNumber = 0;
            int start = 0;
            while (start < length)
            {
                int end = start;
                while (end < length && text[end] != (byte)'\n')
                {
                    end++;
                }

                lineNumber++;
                ReadOnlySpan<byte> line = new ReadOnlySpan<byte>(text + start, end - start);
                if (!Handle(line, lineNumber, pass == 1, path))
                {
                    return 1;
                }

                start = end + 1;
            }

            if (lineNumber == 0)
            {
                Output.Error("ps", path, "empty (expected the header PID PPID STATE FRAMES THREAD NAME)");
                return 1;
            }
        }

        return 0;
    }

    private static bool Handle(ReadOnlySpan<byte> line, int lineNumber, bool print, string path)
    {
        if (lineNumber == 1)
        {
            if (!IsHeader(line))
            {
                return Malformed(path, lineNumber, "the header is not PID PPID STATE FRAMES THREAD NAME");
            }

            if (print)
            {
                Output.Print("  PID  PPID STATE   FRAMES NAME\n"u8);
            }

            return true;
        }

        ReadOnlySpan<byte> rest = line;
        ReadOnlySpan<byte> pidText = NextField(ref rest);
        ReadOnlySpan<byte> parentText = NextField(ref rest);
        ReadOnlySpan<byte> state = NextField(ref rest);
        ReadOnlySpan<byte> framesText = NextField(ref rest);
        ReadOnlySpan<byte> threadText = NextField(ref rest);
        ReadOnlySpan<byte> name = SkipBlanks(rest);
        if (name.Length == 0)
        {
            return Malformed(path, lineNumber, "expected PID PPID STATE FRAMES THREAD NAME");
        }

        if (!NumberParse.TryParseUnsigned(pidText, out ulong pid) ||
            !NumberParse.TryParseUnsigned(parentText, out ulong parent) ||
            !NumberParse.TryParseUnsigned(framesText, out ulong frames) ||
            !NumberParse.TryParseUnsigned(threadText, out _))
        {
            return Malformed(path, lineNumber, "PID, PPID, FRAMES and THREAD must be numbers");
        }

        bool zombie = Bytes.Equal(state, "zombie"u8);
        if (!zombie && !Bytes.Equal(state, "alive"u8))
        {
            return Malformed(path, lineNumber, "STATE must be alive or zombie");
        }

        if (print)
        {
            byte* buffer = stackalloc byte[64];
            TextBuilder output = new TextBuilder(new Span<byte>(buffer, 64));
            output.AppendDecimalPadded(pid, 5);
            output.AppendByte((byte)' ');
            output.AppendDecimalPadded(parent, 5);
            output.AppendByte((byte)' ');
            output.Append(zombie ? "zombie "u8 : "alive  "u8);
            output.AppendDecimalPadded(frames, 7);
            output.AppendByte((byte)' ');
            Output.Print(output.Text);
            Output.Print(name);
            Output.Print("\n"u8);
        }

        return true;
    }

    // True when the line's blank-separated fields are exactly PID PPID STATE FRAMES THREAD NAME.
    private static bool IsHeader(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> rest = line;
        return Bytes.Equal(NextField(ref rest), "PID"u8) &&
            Bytes.Equal(NextField(ref rest), "PPID"u8) &&
            Bytes.Equal(NextField(ref rest), "STATE"u8) &&
            Bytes.Equal(NextField(ref rest), "FRAMES"u8) &&
            Bytes.Equal(NextField(ref rest), "THREAD"u8) &&
            Bytes.Equal(NextField(ref rest), "NAME"u8) &&
            NextField(ref rest).Length == 0;
    }

    // The next run of non-blank bytes of rest (empty at the end), and rest moves past it.
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        rest = SkipBlanks(rest);
        int end = 0;
        while (end < rest.Length && !IsBlank(rest[end]))
        {
            end++;
        }

        ReadOnlySpan<byte> field = rest.Slice(0, end);
        rest = rest.Slice(end);
        return field;
    }

    private static ReadOnlySpan<byte> SkipBlanks(ReadOnlySpan<byte> text)
    {
        int start = 0;
        while (start < text.Length && IsBlank(text[start]))
        {
            start++;
        }

        return text.Slice(start);
    }

    private static bool IsBlank(byte value) => value == (byte)' ' || value == (byte)'\t';

    private static bool Malformed(string path, int lineNumber, string problem)
    {
        byte* buffer = stackalloc byte[256];
        TextBuilder message = new TextBuilder(new Span<byte>(buffer, 256));
        message.Append("line "u8);
        message.AppendDecimal((ulong)lineNumber);
        message.Append(": "u8);
        message.Append(problem);
        Output.Error("ps", path, CString.ToString(message.Text));
        return false;
    }
}
