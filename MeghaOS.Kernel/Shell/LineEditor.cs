// The shell's line editor, fed one input byte at a time from the serial port or the keyboard. It echoes what it
// keeps, erases on backspace/DEL, ends a line on CR or LF (CR LF counts once), refuses lines over the limit with a
// message, understands the ANSI arrow sequences for history, and ignores every other control or escape byte.
namespace MeghaOS.Shell;

using MeghaOS.Memory;

/// <summary>What feeding a byte to the editor produced.</summary>
public enum LineEditorEvent
{
    /// <summary>Nothing for the caller to do.</summary>
    None = 0,

    /// <summary>A line was completed: run <see cref="LineEditor.Line"/>.</summary>
    LineReady,

    /// <summary>The line was abandoned (too long, or Ctrl-C): show the prompt again.</summary>
    LineDiscarded,
}

/// <summary>Line editing state; one per console.</summary>
public unsafe struct LineEditor
{
    private const byte Escape = 0x1B;

    private enum EscapeState : byte
    {
        None,
        AfterEscape,     // ESC seen
        InSequence,      // ESC [ or ESC O seen: parameters until a final byte
    }

    private byte* _buffer;
    private int _capacity;
    private int _length;
    private bool _discarding;
    private bool _lastWasCarriageReturn;
    private EscapeState _escape;
    private int _escapeLength;
    private int _historyAge;       // -1 = editing a new line; n = showing the history line n steps back
    private CommandHistory _history;

    /// <summary>Takes memory for lines of up to <paramref name="maxLength"/> bytes and for the history.</summary>
    public bool Initialize(int maxLength)
    {
        _buffer = (byte*)Heap.Allocate((nuint)maxLength);
        if (_buffer == null)
        {
            return false;
        }

        _capacity = maxLength;
        _length = 0;
        _discarding = false;
        _lastWasCarriageReturn = false;
        _escape = EscapeState.None;
        _historyAge = -1;
        _history = default;
        _history.Initialize(maxLength); // without memory for history, editing still works
        return true;
    }

    /// <summary>Gives the memory back.</summary>
    public void Release()
    {
        if (_buffer != null)
        {
            Heap.Free(_buffer);
        }

        _history.Release();
        _buffer = null;
        _capacity = 0;
        _length = 0;
    }

    /// <summary>The longest line accepted.</summary>
    public readonly int Capacity => _capacity;

    /// <summary>The line being edited (after <see cref="LineEditorEvent.LineReady"/>, the completed line).</summary>
    public readonly System.ReadOnlySpan<byte> Line => new System.ReadOnlySpan<byte>(_buffer, _length);

    /// <summary>The history of completed lines.</summary>
    public readonly CommandHistory History => _history;

    /// <summary>Empties the line after the caller has run it.</summary>
    public void Clear()
    {
        _length = 0;
        _historyAge = -1;
    }

    /// <summary>Handles one input byte.</summary>
    public LineEditorEvent Feed(byte input)
    {
        if (_buffer == null)
        {
            return LineEditorEvent.None;
        }

        bool afterCarriageReturn = _lastWasCarriageReturn;
        _lastWasCarriageReturn = input == (byte)'\r';

        if (_escape != EscapeState.None)
        {
            FeedEscape(input);
            return LineEditorEvent.None;
        }

        if (input == (byte)'\r' || input == (byte)'\n')
        {
            if (input == (byte)'\n' && afterCarriageReturn)
            {
                return LineEditorEvent.None;
            }

            ShellOutput.WriteByte((byte)'\n');
            if (_discarding)
            {
                _discarding = false;
                _length = 0;
                _historyAge = -1;
                return LineEditorEvent.LineDiscarded;
            }

            _history.Add(_buffer, _length);
            _historyAge = -1;
            return LineEditorEvent.LineReady;
        }

        if (_discarding)
        {
            return LineEditorEvent.None;
        }

        if (input == 0x08 || input == 0x7F)
        {
            if (_length > 0)
            {
                _length--;
                ShellOutput.Write("\b \b"u8);
            }

            return LineEditorEvent.None;
        }

        if (input == 0x03)
        {
            // Ctrl-C abandons the line.
            ShellOutput.Write("^C\n"u8);
            _length = 0;
            _historyAge = -1;
            return LineEditorEvent.LineDiscarded;
        }

        if (input == Escape)
        {
            _escape = EscapeState.AfterEscape;
            _escapeLength = 0;
            return LineEditorEvent.None;
        }

        if (input == (byte)'\t')
        {
            input = (byte)' ';
        }

        if (input < 0x20 || input > 0x7E)
        {
            return LineEditorEvent.None;
        }

        if (_length == _capacity)
        {
            _discarding = true;
            ShellOutput.Write("\nshell: line too long (more than "u8);
            ShellOutput.Decimal((ulong)_capacity);
            ShellOutput.Write(" characters); it will be ignored, press Enter\n"u8);
            return LineEditorEvent.None;
        }

        _buffer[_length++] = input;
        ShellOutput.WriteByte(input);
        return LineEditorEvent.None;
    }

    // ANSI sequences: ESC [ params final, or ESC O final. Only up/down arrows do something.
    private void FeedEscape(byte input)
    {
        if (_escape == EscapeState.AfterEscape)
        {
            _escape = input == (byte)'[' || input == (byte)'O' ? EscapeState.InSequence : EscapeState.None;
            return;
        }

        _escapeLength++;
        if (input >= 0x40 && input <= 0x7E)
        {
            _escape = EscapeState.None;
            if (!_discarding && input == (byte)'A')
            {
                ShowHistory(_historyAge + 1);
            }
            else if (!_discarding && input == (byte)'B')
            {
                ShowHistory(_historyAge - 1);
            }

            return;
        }

        // Parameter and intermediate bytes continue the sequence; anything else, or an absurdly long one, ends it.
        if (input < 0x20 || input > 0x3F || _escapeLength > 16)
        {
            _escape = EscapeState.None;
        }
    }

    private void ShowHistory(int age)
    {
        if (age < -1 || age >= _history.Count)
        {
            return;
        }

        for (int i = 0; i < _length; i++)
        {
            ShellOutput.Write("\b \b"u8);
        }

        _length = 0;
        _historyAge = age;
        if (age >= 0 && _history.TryGet(age, out byte* line, out int length))
        {
            int toCopy = length < _capacity ? length : _capacity;
            for (int i = 0; i < toCopy; i++)
            {
                _buffer[i] = line[i];
            }

            _length = toCopy;
            ShellOutput.Write(new System.ReadOnlySpan<byte>(_buffer, _length));
        }
    }
}
