// sh: the user shell. Reads command lines from the terminal (prompt "sh:CWD$ "), from a script (`sh FILE`), from
// standard input when it is not a terminal (no prompt), or one line from `sh -c LINE`. A line is pipelines
// separated by ';'; a pipeline is commands joined by '|'; a command is words with redirections '< FILE',
// '> FILE' and '>> FILE'. Words: blanks separate; '...' is literal, "..." keeps blanks and expands $?, a backslash
// takes the next character as it is; '#' at the start of a word begins a comment; $? is the last pipeline's exit
// status. Built-ins: `cd [DIR]` (default $HOME, else /) and `exit [N]` (default $?). Everything else runs as a
// program: fork, the pipe ends and redirections put on descriptors 0 and 1 with dup2, then execve of NAME as given
// when it holds a '/', else of each PATH directory (default /bin) in turn; wait4 collects every command and the
// last one's status becomes $? (128 + N for a program ended by signal N). Not found: status 127; other execve
// failures: 126. End of input ends the shell with $?. At a terminal the shell ignores SIGINT (rt_sigaction), so
// Ctrl-C ends the program in the foreground, not the shell. Memory: one 64 KiB arena, reused for every line.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Sh
{
    private const int MaxLine = 4096;
    private const int ArenaBytes = 64 * 1024;
    private const int MaxWords = 256;
    private const int MaxCommands = 16;

    private const int TokenEnd = 0, TokenWord = 1, TokenPipe = 2, TokenSemicolon = 3, TokenIn = 4, TokenOut = 5, TokenAppend = 6, TokenError = 7;

    private struct Command
    {
        public byte** Argv;
        public int Argc;
        public byte* Input;
        public byte* Output;
        public bool Append;
    }

    private const long RtSigaction = 13, SignalInterrupt = 2, SignalDefault = 0, SignalIgnore = 1;

    private static int s_status;
    private static byte* s_arena;
    private static int s_arenaUsed;
    private static bool s_exitRequested;

    private static int Main(string[] args)
    {
        s_arena = UserMemory.Allocate(ArenaBytes);
        if (s_arena == null)
        {
            Output.Error("sh", "out of memory");
            return 1;
        }

        if (args.Length >= 1 && args[0] == "-c")
        {
            if (args.Length < 2)
            {
                Output.Error("sh", "-c: needs a command line");
                return 2;
            }

            byte* line = stackalloc byte[MaxLine];
            if (!CString.TryCopy(args[1], new Span<byte>(line, MaxLine)))
            {
                Output.Error("sh", "-c: line too long");
                return 2;
            }

            RunLine(line, args[1].Length);
            return s_status;
        }

        int input = Output.StandardInput;
        if (args.Length >= 1)
        {
            long fd = Files.Open(args[0], Syscall.OpenReadOnly | Syscall.OpenCloseOnExec);
            if (fd < 0)
            {
                Output.Error("sh", args[0], fd);
                return 127;
            }

            input = (int)fd;
        }

        bool interactive = input == Output.StandardInput && Output.IsTerminal(Output.StandardInput);
        if (interactive)
        {
            // Ctrl-C ends the foreground program, not the shell; children get the default action back.
            SetInterruptAction(SignalIgnore);
        }

        byte* buffer = stackalloc byte[MaxLine];
        while (!s_exitRequested)
        {
            if (interactive)
            {
                Prompt();
            }

            int length = ReadLine(input, buffer, out bool endOfInput);
            if (length >= 0)
            {
                RunLine(buffer, length);
            }

            if (endOfInput)
            {
                if (interactive)
                {
                    Output.Print("\n");
                }

                break;
            }
        }

        return s_status;
    }

    private static void Prompt()
    {
        byte* cwd = stackalloc byte[CString.MaxPath];
        long result = Syscall.Invoke(Syscall.Getcwd, (long)cwd, CString.MaxPath);
        byte* buffer = stackalloc byte[CString.MaxPath + 16];
        TextBuilder prompt = new TextBuilder(new Span<byte>(buffer, CString.MaxPath + 16));
        prompt.Append("sh:"u8);
        if (result > 0)
        {
            prompt.Append(CString.AsSpan(cwd));
        }

        prompt.Append("$ "u8);
        Output.Print(prompt.Text);
    }

    // One byte per read: the rest of the input stays unread for the programs this line starts (they share it).
    // Returns the line's length without its newline, or -1 for a line that was too long (reported, dropped).
    private static int ReadLine(int fd, byte* line, out bool endOfInput)
    {
        endOfInput = false;
        int length = 0;
        bool tooLong = false;
        while (true)
        {
            byte c;
            long count = Syscall.ReadFile(fd, &c, 1);
            if (count == -Errno.Interrupted)
            {
                continue;
            }

            if (count <= 0)
            {
                endOfInput = true;
                break;
            }

            if (c == (byte)'\n')
            {
                break;
            }

            if (length < MaxLine - 1)
            {
                line[length++] = c;
            }
            else
            {
                tooLong = true;
            }
        }

        line[length] = 0;
        if (tooLong)
        {
            Output.Error("sh", "line too long (4095 bytes at most)");
            s_status = 2;
            return -1;
        }

        return length;
    }

    private static void RunLine(byte* line, int length)
    {
        int position = 0;
        while (position < length && !s_exitRequested)
        {
            s_arenaUsed = 0;
            Command* commands = stackalloc Command[MaxCommands];
            int count = ParsePipeline(line, length, ref position, commands);
            if (count < 0)
            {
                s_status = 2;
                return;
            }

            if (count > 0)
            {
                Execute(commands, count);
            }
        }
    }

    // Parses one pipeline up to ';' or the end; returns the command count (0 for an empty one), -1 after a
    // syntax error (reported).
    private static int ParsePipeline(byte* line, int length, ref int position, Command* commands)
    {
        int count = 0;
        byte** words = (byte**)ArenaAllocate(MaxWords * sizeof(byte*));
        int wordCount = 0;
        Command current = default;
        current.Argv = words;
        while (true)
        {
            int token = NextToken(line, length, ref position, out byte* word);
            if (token == TokenError)
            {
                return -1;
            }

            if (token == TokenWord)
            {
                if (wordCount >= MaxWords - 1)
                {
                    return SyntaxError("too many words");
                }

                words[wordCount++] = word;
                current.Argc++;
                continue;
            }

            if (token == TokenIn || token == TokenOut || token == TokenAppend)
            {
                if (NextToken(line, length, ref position, out byte* target) != TokenWord)
                {
                    return SyntaxError("a redirection needs a file name");
                }

                if (token == TokenIn)
                {
                    current.Input = target;
                }
                else
                {
                    current.Output = target;
                    current.Append = token == TokenAppend;
                }

                continue;
            }

            // '|', ';' or the end close the current command.
            if (current.Argc == 0)
            {
                if (token == TokenPipe || count > 0 || current.Input != null || current.Output != null)
                {
                    return SyntaxError("a command is missing");
                }

                return 0;
            }

            if (count == MaxCommands)
            {
                return SyntaxError("too many commands in one pipeline");
            }

            words[wordCount++] = null;
            commands[count++] = current;
            current = default;
            current.Argv = words + wordCount;
            if (token != TokenPipe)
            {
                return count;
            }
        }
    }

    private static int SyntaxError(string problem)
    {
        Output.Error("sh", "syntax error", problem);
        return -1;
    }

    private static int NextToken(byte* line, int length, ref int position, out byte* word)
    {
        word = null;
        while (position < length && (line[position] == (byte)' ' || line[position] == (byte)'\t'))
        {
            position++;
        }

        if (position >= length || line[position] == (byte)'#')
        {
            position = length;
            return TokenEnd;
        }

        byte c = line[position];
        if (c == (byte)'|')
        {
            position++;
            return TokenPipe;
        }

        if (c == (byte)';')
        {
            position++;
            return TokenSemicolon;
        }

        if (c == (byte)'<')
        {
            position++;
            return TokenIn;
        }

        if (c == (byte)'>')
        {
            position++;
            if (position < length && line[position] == (byte)'>')
            {
                position++;
                return TokenAppend;
            }

            return TokenOut;
        }

        // A word: copied into the arena with quotes removed and $? expanded, NUL-terminated.
        byte* start = s_arena + s_arenaUsed;
        int room = ArenaBytes - s_arenaUsed - 1;
        int used = 0;
        while (position < length)
        {
            c = line[position];
            if (c == (byte)' ' || c == (byte)'\t' || c == (byte)'|' || c == (byte)';' || c == (byte)'<' || c == (byte)'>')
            {
                break;
            }

            position++;
            if (c == (byte)'\'')
            {
                while (position < length && line[position] != (byte)'\'')
                {
                    if (!Put(start, room, ref used, line[position++]))
                    {
                        return ArenaFull();
                    }
                }

                if (position >= length)
                {
                    SyntaxError("unterminated '");
                    return TokenError;
                }

                position++;
            }
            else if (c == (byte)'"')
            {
                while (position < length && line[position] != (byte)'"')
                {
                    byte d = line[position++];
                    if (d == (byte)'\\' && position < length &&
                        (line[position] == (byte)'"' || line[position] == (byte)'\\' || line[position] == (byte)'$'))
                    {
                        d = line[position++];
                    }
                    else if (d == (byte)'$' && position < length && line[position] == (byte)'?')
                    {
                        position++;
                        if (!PutStatus(start, room, ref used))
                        {
                            return ArenaFull();
                        }

                        continue;
                    }

                    if (!Put(start, room, ref used, d))
                    {
                        return ArenaFull();
                    }
                }

                if (position >= length)
                {
                    SyntaxError("unterminated \"");
                    return TokenError;
                }

                position++;
            }
            else if (c == (byte)'\\' && position < length)
            {
                if (!Put(start, room, ref used, line[position++]))
                {
                    return ArenaFull();
                }
            }
            else if (c == (byte)'$' && position < length && line[position] == (byte)'?')
            {
                position++;
                if (!PutStatus(start, room, ref used))
                {
                    return ArenaFull();
                }
            }
            else if (!Put(start, room, ref used, c))
            {
                return ArenaFull();
            }
        }

        start[used] = 0;
        s_arenaUsed += used + 1;
        word = start;
        return TokenWord;
    }

    private static bool Put(byte* start, int room, ref int used, byte value)
    {
        if (used >= room)
        {
            return false;
        }

        start[used++] = value;
        return true;
    }

    private static bool PutStatus(byte* start, int room, ref int used)
    {
        byte* digits = stackalloc byte[NumberFormat.MaxDecimalDigits];
        int count = NumberFormat.FormatDecimal((ulong)s_status, new Span<byte>(digits, NumberFormat.MaxDecimalDigits));
        for (int i = 0; i < count; i++)
        {
            if (!Put(start, room, ref used, digits[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int ArenaFull()
    {
        SyntaxError("line too long for the shell's 64 KiB arena");
        return TokenError;
    }

    private static byte* ArenaAllocate(int size)
    {
        int aligned = (s_arenaUsed + 7) & ~7;
        if (aligned + size > ArenaBytes)
        {
            return null;
        }

        s_arenaUsed = aligned + size;
        return s_arena + aligned;
    }

    private static void Execute(Command* commands, int count)
    {
        if (count == 1 && RunBuiltin(commands[0], out int builtinStatus))
        {
            s_status = builtinStatus;
            return;
        }

        long* pids = stackalloc long[MaxCommands];
        int* ends = stackalloc int[2];
        int previousRead = -1;
        int started = 0;
        for (int i = 0; i < count; i++)
        {
            int writeEnd = -1;
            int readEnd = -1;
            if (i < count - 1)
            {
                long result = Syscall.Invoke(Syscall.Pipe2, (long)ends, Syscall.OpenCloseOnExec);
                if (result < 0)
                {
                    Output.Error("sh", "pipe", result);
                    break;
                }

                readEnd = ends[0];
                writeEnd = ends[1];
            }

            long pid = Syscall.Invoke(Syscall.Fork);
            if (pid == 0)
            {
                RunChild(commands[i], previousRead, writeEnd);
            }

            if (pid < 0)
            {
                Output.Error("sh", "fork", pid);
                if (readEnd >= 0)
                {
                    Files.Close(readEnd);
                    Files.Close(writeEnd);
                }

                break;
            }

            pids[started++] = pid;
            if (previousRead >= 0)
            {
                Files.Close(previousRead);
            }

            if (writeEnd >= 0)
            {
                Files.Close(writeEnd);
            }

            previousRead = readEnd;
        }

        if (previousRead >= 0)
        {
            Files.Close(previousRead);
        }

        int last = started == count ? 0 : 1;
        for (int i = 0; i < started; i++)
        {
            int status = Wait(pids[i], commands[i].Argv[0]);
            if (i == count - 1)
            {
                last = status;
            }
        }

        s_status = last;
    }

    // Waits for one child; returns its exit status, or 128 + N when signal N ended it.
    private static int Wait(long pid, byte* name)
    {
        int status = 0;
        long result;
        do
        {
            result = Syscall.Invoke(Syscall.Wait4, pid, (long)&status, 0, 0);
        }
        while (result == -Errno.Interrupted);

        if (result < 0)
        {
            Output.Error("sh", "wait4", result);
            return 1;
        }

        int signal = status & 0x7F;
        if (signal == 0)
        {
            return (status >> 8) & 0xFF;
        }

        // SIGINT (Ctrl-C) and SIGPIPE (a reader went away) are expected ends; anything else is news.
        if (signal != 2 && signal != 13)
        {
            byte* buffer = stackalloc byte[64];
            TextBuilder message = new TextBuilder(new Span<byte>(buffer, 64));
            message.Append("ended by signal "u8);
            message.AppendDecimal((ulong)signal);
            Output.Error("sh", CString.ToString(name), CString.ToString(message.Text));
        }

        return 128 + signal;
    }

    // rt_sigaction(SIGINT, {handler, flags 0, no restorer, empty mask}, NULL, 8). SIG_IGN survives execve, so
    // every child sets SIG_DFL before it.
    private static void SetInterruptAction(long handler)
    {
        long* action = stackalloc long[4];
        action[0] = handler;
        action[1] = 0;
        action[2] = 0;
        action[3] = 0;
        Syscall.Invoke(RtSigaction, SignalInterrupt, (long)action, 0, 8);
    }

    // In the child: descriptors, then execve; never returns.
    private static void RunChild(in Command command, int input, int output)
    {
        SetInterruptAction(SignalDefault);
        if (input >= 0)
        {
            Syscall.Invoke(Syscall.Dup2, input, Output.StandardInput);
        }

        if (output >= 0)
        {
            Syscall.Invoke(Syscall.Dup2, output, Output.StandardOutput);
        }

        if (!Redirect(command.Input, Syscall.OpenReadOnly, Output.StandardInput) ||
            !Redirect(command.Output, Syscall.OpenWriteOnly | Syscall.OpenCreate | (command.Append ? Syscall.OpenAppend : Syscall.OpenTruncate), Output.StandardOutput))
        {
            Process.Exit(1);
        }

        if (RunBuiltin(command, out int builtinStatus))
        {
            Process.Exit(builtinStatus);
        }

        byte* name = command.Argv[0];
        long result = -Errno.NoEntry;
        if (Bytes.IndexOf(CString.AsSpan(name), (byte)'/') >= 0)
        {
            result = Syscall.Invoke(Syscall.Execve, (long)name, (long)command.Argv, (long)Process.Environment);
        }
        else
        {
            result = SearchPath(name, command.Argv);
        }

        if (result == -Errno.NoEntry)
        {
            Output.Error("sh", CString.ToString(name), "not found");
            Process.Exit(127);
        }

        Output.Error("sh", CString.ToString(name), result);
        Process.Exit(126);
    }

    // Tries execve on each PATH directory (default /bin); returns the most telling error when every one failed.
    private static long SearchPath(byte* name, byte** argv)
    {
        byte* path = Process.GetEnvironmentVariable("PATH");
        ReadOnlySpan<byte> directories = path != null ? CString.AsSpan(path) : "/bin"u8;
        byte* candidate = stackalloc byte[CString.MaxPath];
        long failure = -Errno.NoEntry;
        int start = 0;
        while (start <= directories.Length)
        {
            int end = start;
            while (end < directories.Length && directories[end] != (byte)':')
            {
                end++;
            }

            TextBuilder full = new TextBuilder(new Span<byte>(candidate, CString.MaxPath - 1));
            full.Append(end > start ? directories.Slice(start, end - start) : "."u8);
            full.AppendByte((byte)'/');
            full.Append(CString.AsSpan(name));
            if (!full.Overflowed)
            {
                candidate[full.Length] = 0;
                long result = Syscall.Invoke(Syscall.Execve, (long)candidate, (long)argv, (long)Process.Environment);
                if (result != -Errno.NoEntry && result != -Errno.NotDirectory)
                {
                    failure = result;
                }
            }

            start = end + 1;
        }

        return failure;
    }

    private static bool Redirect(byte* path, int flags, int target)
    {
        if (path == null)
        {
            return true;
        }

        long fd = Syscall.Open(path, flags, 0x1A4);
        if (fd < 0)
        {
            Output.Error("sh", CString.ToString(path), fd);
            return false;
        }

        Syscall.Invoke(Syscall.Dup2, fd, target);
        Files.Close((int)fd);
        return true;
    }

    private static bool RunBuiltin(in Command command, out int status)
    {
        status = 0;
        ReadOnlySpan<byte> name = CString.AsSpan(command.Argv[0]);
        if (Bytes.Equal(name, "exit"u8))
        {
            status = s_status;
            if (command.Argc > 1)
            {
                if (!NumberParse.TryParseUnsigned(CString.AsSpan(command.Argv[1]), out ulong value))
                {
                    Output.Error("sh", "exit", "the status must be a number");
                    status = 2;
                    return true;
                }

                status = (int)(value & 0xFF);
            }

            s_exitRequested = true;
            s_status = status;
            return true;
        }

        if (Bytes.Equal(name, "cd"u8))
        {
            byte* target = command.Argc > 1 ? command.Argv[1] : Process.GetEnvironmentVariable("HOME");
            if (target == null)
            {
                byte* root = stackalloc byte[2];
                root[0] = (byte)'/';
                root[1] = 0;
                target = root;
            }

            long result = Syscall.Invoke(Syscall.Chdir, (long)target);
            if (result < 0)
            {
                Output.Error("sh: cd", CString.ToString(target), result);
                status = 1;
            }

            return true;
        }

        return false;
    }
}
