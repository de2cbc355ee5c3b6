// ps [FILE]: the process table, read from /sys/processes (or FILE), whose format docs/files.md defines: a header
// line "PID PPID STATE NAME", then one line per process with those four fields separated by one space. ps checks
// every line and prints the table with aligned columns ("  PID  PPID STATE NAME"). A malformed file (wrong header,
// a field missing, a number that is not one, an unknown state) gives "ps: FILE: line N: ..." and exit status 1.
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
                Output.Error("ps", path, "empty (expected the header PID PPID STATE NAME)");
                return 1;
            }
        }

        return 0;
    }

    private static bool Handle(ReadOnlySpan<byte> line, int lineNumber, bool print, string path)
    {
        if (lineNumber == 1)
        {
            if (!Bytes.Equal(line, "PID PPID STATE NAME"u8))
            {
                return Malformed(path, lineNumber, "the header is not PID PPID STATE NAME");
            }

            if (print)
            {
                Output.Print("  PID  PPID STATE NAME\n"u8);
            }

            return true;
        }

        int first = Bytes.IndexOf(line, (byte)' ');
        if (first <= 0)
        {
            return Malformed(path, lineNumber, "expected PID PPID STATE NAME");
        }

        ReadOnlySpan<byte> rest = line.Slice(first + 1);
        int second = Bytes.IndexOf(rest, (byte)' ');
        if (second <= 0)
        {
            return Malformed(path, lineNumber, "expected PID PPID STATE NAME");
        }

        ReadOnlySpan<byte> state = rest.Slice(second + 1);
        int third = Bytes.IndexOf(state, (byte)' ');
        if (third != 1 || state.Length < 3)
        {
            return Malformed(path, lineNumber, "expected a one-letter STATE and a NAME");
        }

        if (!NumberParse.TryParseUnsigned(line.Slice(0, first), out ulong pid) ||
            !NumberParse.TryParseUnsigned(rest.Slice(0, second), out ulong parent))
        {
            return Malformed(path, lineNumber, "PID and PPID must be numbers");
        }

        byte letter = state[0];
        if (letter != (byte)'R' && letter != (byte)'S' && letter != (byte)'Z')
        {
            return Malformed(path, lineNumber, "STATE must be R, S or Z");
        }

        if (print)
        {
            byte* buffer = stackalloc byte[256];
            TextBuilder output = new TextBuilder(new Span<byte>(buffer, 256));
            output.AppendDecimalPadded(pid, 5);
            output.AppendByte((byte)' ');
            output.AppendDecimalPadded(parent, 5);
            output.Append(" "u8);
            output.AppendByte(letter);
            output.Append("     "u8);
            output.Append(state.Slice(2));
            output.AppendByte((byte)'\n');
            Output.Print(output.Text);
        }

        return true;
    }

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
