// Splits a command line into words. Blanks separate words; double or single quotes group blanks into a word and are
// removed ("a b" is one word a b); an unquoted '>' is a word of its own, so `echo hi>f` redirects.
namespace MeghaOS.Shell;

using System;

/// <summary>One word of a command line, located in the tokenizer's output buffer.</summary>
public struct Token
{
    /// <summary>First byte in the output buffer.</summary>
    public int Start;

    /// <summary>Length in bytes.</summary>
    public int Length;

    /// <summary>True for an unquoted '>' (output redirection).</summary>
    public bool IsRedirect;
}

/// <summary>Every way splitting a line can end.</summary>
public enum TokenizeStatus
{
    /// <summary>The line was split.</summary>
    Success = 0,

    /// <summary>More words than the token buffer holds.</summary>
    TooManyWords,

    /// <summary>A quote was opened and never closed.</summary>
    UnclosedQuote,

    /// <summary>The output buffer is smaller than the line.</summary>
    LineTooLong,
}

/// <summary>The command-line splitter.</summary>
public static class Tokenizer
{
    /// <summary>
    /// Splits <paramref name="line"/> into <paramref name="tokens"/>, copying each word without its quotes into
    /// <paramref name="words"/> (which must be at least as long as the line).
    /// </summary>
    public static TokenizeStatus Tokenize(ReadOnlySpan<byte> line, Span<byte> words, Span<Token> tokens, out int count)
    {
        count = 0;
        if (words.Length < line.Length)
        {
            return TokenizeStatus.LineTooLong;
        }

        int written = 0;
        int position = 0;
        while (true)
        {
            while (position < line.Length && IsBlank(line[position]))
            {
                position++;
            }

            if (position >= line.Length)
            {
                return TokenizeStatus.Success;
            }

            if (count == tokens.Length)
            {
                count = 0;
                return TokenizeStatus.TooManyWords;
            }

            Token token = default;
            token.Start = written;
            if (line[position] == (byte)'>')
            {
                words[written++] = (byte)'>';
                position++;
                token.Length = 1;
                token.IsRedirect = true;
                tokens[count++] = token;
                continue;
            }

            byte quote = 0;
            while (position < line.Length)
            {
                byte c = line[position];
                if (quote != 0)
                {
                    position++;
                    if (c == quote)
                    {
                        quote = 0;
                    }
                    else
                    {
                        words[written++] = c;
                    }

                    continue;
                }

                if (IsBlank(c) || c == (byte)'>')
                {
                    break;
                }

                position++;
                if (c == (byte)'"' || c == (byte)'\'')
                {
                    quote = c;
                }
                else
                {
                    words[written++] = c;
                }
            }

            if (quote != 0)
            {
                count = 0;
                return TokenizeStatus.UnclosedQuote;
            }

            token.Length = written - token.Start;
            tokens[count++] = token;
        }
    }

    private static bool IsBlank(byte c) => c == (byte)' ' || c == (byte)'\t';
}
