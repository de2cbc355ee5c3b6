// The words of one command line, as a command handler sees them: word 0 is the command's name.
namespace MeghaOS.Shell;

using System;
using MeghaOS.Text;

/// <summary>The tokenized words of a command line.</summary>
public readonly ref struct ShellArguments
{
    private readonly ReadOnlySpan<byte> _words;
    private readonly ReadOnlySpan<Token> _tokens;

    /// <summary>Wraps the tokenizer's output.</summary>
    public ShellArguments(ReadOnlySpan<byte> words, ReadOnlySpan<Token> tokens)
    {
        _words = words;
        _tokens = tokens;
    }

    /// <summary>Number of words, the command name included.</summary>
    public int Count => _tokens.Length;

    /// <summary>Word <paramref name="index"/> (0 = the command's name); empty when out of range.</summary>
    public ReadOnlySpan<byte> this[int index] =>
        index >= 0 && index < _tokens.Length ? _words.Slice(_tokens[index].Start, _tokens[index].Length) : default;

    /// <summary>True when word <paramref name="index"/> is an unquoted '>'.</summary>
    public bool IsRedirect(int index) => index >= 0 && index < _tokens.Length && _tokens[index].IsRedirect;

    /// <summary>True when word <paramref name="index"/> equals <paramref name="text"/>.</summary>
    public bool Is(int index, ReadOnlySpan<byte> text) => Bytes.Equal(this[index], text);
}
