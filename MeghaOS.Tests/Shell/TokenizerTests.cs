// Splitting command lines into words: blanks, quotes, and '>' redirection.
namespace MeghaOS.Tests.Shell;

using System.Collections.Generic;
using System.Text;
using MeghaOS.Shell;
using Xunit;

public class TokenizerTests
{
    private static List<string> Split(string line, out TokenizeStatus status, int maxTokens = 32)
    {
        byte[] words = new byte[line.Length];
        Token[] tokens = new Token[maxTokens];
        status = Tokenizer.Tokenize(Encoding.ASCII.GetBytes(line), words, tokens, out int count);
        var result = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string word = Encoding.ASCII.GetString(words, tokens[i].Start, tokens[i].Length);
            result.Add(tokens[i].IsRedirect ? "<REDIRECT>" : word);
        }

        return result;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   \t ", new string[0])]
    [InlineData("ls", new[] { "ls" })]
    [InlineData("  cat   /dev/pab  ", new[] { "cat", "/dev/pab" })]
    [InlineData("echo \"a  b\" c", new[] { "echo", "a  b", "c" })]
    [InlineData("echo 'x y'z", new[] { "echo", "x yz" })]
    [InlineData("echo \"\"", new[] { "echo", "" })]
    [InlineData("echo a > f", new[] { "echo", "a", "<REDIRECT>", "f" })]
    [InlineData("echo a>f", new[] { "echo", "a", "<REDIRECT>", "f" })]
    [InlineData("echo \"a>b\"", new[] { "echo", "a>b" })]
    [InlineData("echo >>f", new[] { "echo", "<REDIRECT>", "<REDIRECT>", "f" })]
    public void SplitsIntoWords(string line, string[] expected)
    {
        Assert.Equal(expected, Split(line, out TokenizeStatus status));
        Assert.Equal(TokenizeStatus.Success, status);
    }

    [Fact]
    public void UnclosedQuoteIsAnError()
    {
        Assert.Empty(Split("echo \"abc", out TokenizeStatus status));
        Assert.Equal(TokenizeStatus.UnclosedQuote, status);
    }

    [Fact]
    public void TooManyWordsIsAnError()
    {
        Assert.Empty(Split("a b c d", out TokenizeStatus status, maxTokens: 3));
        Assert.Equal(TokenizeStatus.TooManyWords, status);
    }
}
