// The shell: reads a line through the line editor, splits it into words, finds the command in the command table and
// runs it. Every failure prints one line and the prompt comes back; nothing a user types can stop the shell.
namespace MeghaOS.Shell;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem;

/// <summary>The kernel's command shell. The console driver calls <see cref="Feed"/> with each input byte.</summary>
public static unsafe class CommandShell
{
    /// <summary>Longest command line, in bytes.</summary>
    public const int MaxLineLength = 160;

    /// <summary>Most words in one line.</summary>
    public const int MaxWords = 32;

    private static LineEditor s_editor;
    private static MachineOperations s_machine;
    private static bool s_isInitialized;
    private static bool s_promptDeferred;

    /// <summary>True once <see cref="Initialize"/> succeeded.</summary>
    public static bool IsInitialized => s_isInitialized;

    /// <summary>The machine services (reboot, halt) the kernel supplied.</summary>
    public static MachineOperations Machine => s_machine;

    /// <summary>The line editor's history, for the history command.</summary>
    public static CommandHistory History => s_editor.History;

    /// <summary>Takes the line editor's memory from the heap; false when there is none.</summary>
    public static bool Initialize(in MachineOperations machine)
    {
        if (s_isInitialized)
        {
            s_editor.Release();
        }

        s_machine = machine;
        s_isInitialized = s_editor.Initialize(MaxLineLength);
        return s_isInitialized;
    }

    /// <summary>Gives the memory back and forgets the machine services. For tests.</summary>
    public static void Reset()
    {
        if (s_isInitialized)
        {
            s_editor.Release();
        }

        s_editor = default;
        s_machine = default;
        s_isInitialized = false;
        s_promptDeferred = false;
    }

    /// <summary>
    /// The command that is running started a program in the foreground (run): no prompt now; the kernel writes it
    /// when the program ends (<see cref="WritePrompt"/>).
    /// </summary>
    public static void DeferPrompt() => s_promptDeferred = true;

    /// <summary>Writes the prompt, "meghaos:CWD$ ".</summary>
    public static void WritePrompt()
    {
        Terminal.SetColour(TerminalColour.Prompt);
        ShellOutput.Write("meghaos:"u8);
        ShellOutput.WritePrintable(Vfs.CurrentDirectory);
        ShellOutput.Write("$"u8);
        Terminal.SetColour(TerminalColour.Normal);
        ShellOutput.Write(" "u8);
    }

    /// <summary>Handles one input byte; runs the line and shows the next prompt when a line ends.</summary>
    public static void Feed(byte input)
    {
        if (!s_isInitialized)
        {
            return;
        }

        LineEditorEvent result = s_editor.Feed(input);
        if (result == LineEditorEvent.LineReady)
        {
            Execute(s_editor.Line);
            s_editor.Clear();
            if (s_promptDeferred)
            {
                s_promptDeferred = false;
            }
            else
            {
                WritePrompt();
            }
        }
        else if (result == LineEditorEvent.LineDiscarded)
        {
            WritePrompt();
        }
    }

    /// <summary>Runs one command line.</summary>
    public static void Execute(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLineLength)
        {
            ShellOutput.Error("shell"u8, "line too long"u8);
            return;
        }

        byte* words = stackalloc byte[MaxLineLength];
        Token* tokens = stackalloc Token[MaxWords];
        TokenizeStatus status = Tokenizer.Tokenize(line, new Span<byte>(words, MaxLineLength), new Span<Token>(tokens, MaxWords), out int count);
        if (status == TokenizeStatus.UnclosedQuote)
        {
            ShellOutput.Error("shell"u8, "unclosed quote"u8);
            return;
        }

        if (status != TokenizeStatus.Success)
        {
            ShellOutput.Error("shell"u8, "too many words"u8);
            return;
        }

        if (count == 0)
        {
            return;
        }

        ShellArguments arguments = new ShellArguments(new ReadOnlySpan<byte>(words, MaxLineLength), new ReadOnlySpan<Token>(tokens, count));
        if (arguments.IsRedirect(0) || !CommandTable.TryFind(arguments[0], out ShellCommand command))
        {
            Terminal.SetColour(TerminalColour.Error);
            ShellOutput.Write("unknown command: "u8);
            ShellOutput.WritePrintable(arguments[0]);
            ShellOutput.Write(" (type help for the list)"u8);
            Terminal.SetColour(TerminalColour.Normal);
            ShellOutput.NewLine();
            return;
        }

        command.Handler(in arguments);
    }
}
