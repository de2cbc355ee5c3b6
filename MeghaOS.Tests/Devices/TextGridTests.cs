// The VGA screen's cell and cursor logic (MeghaOS.Kernel/Devices/TextGrid.cs) on the host: a line of exactly one
// screen width then a newline is one row, erasing a line that wrapped erases every character on the screen (the
// shell's "\b \b" across the row edge, without scrolling), and a random soak of typing and erasing always leaves the
// screen showing exactly the text a model of the line holds.
namespace MeghaOS.Tests.Devices;

using System;
using System.Text;
using MeghaOS.Devices;
using Xunit;

public sealed unsafe class TextGridTests
{
    private const int Width = 80;
    private const int Height = 25;

    private sealed class Screen : IDisposable
    {
        private readonly ushort[] _cells = new ushort[Width * Height];
        private System.Runtime.InteropServices.GCHandle _pin;
        public TextGrid Grid;

        public Screen()
        {
            _pin = System.Runtime.InteropServices.GCHandle.Alloc(_cells, System.Runtime.InteropServices.GCHandleType.Pinned);
            Grid = new TextGrid((ushort*)_pin.AddrOfPinnedObject(), Width, Height, 0x07);
        }

        public void Write(string text)
        {
            foreach (char c in text)
            {
                Grid.WriteByte((byte)c);
            }
        }

        public string Row(int row)
        {
            var text = new StringBuilder();
            for (int column = 0; column < Width; column++)
            {
                text.Append((char)(_cells[row * Width + column] & 0xFF));
            }

            return text.ToString().TrimEnd();
        }

        public void Dispose() => _pin.Free();
    }

    [Fact]
    public void ALineOfExactlyTheWidthAndANewlineIsOneRow()
    {
        using var screen = new Screen();
        screen.Write(new string('a', Width) + "\nnext\n");
        Assert.Equal(new string('a', Width), screen.Row(0));
        Assert.Equal("next", screen.Row(1));
        Assert.Equal((2, 0), (screen.Grid.Row, screen.Grid.Column));
    }

    [Fact]
    public void TheCharacterAfterTheLastColumnStartsTheNextRow()
    {
        using var screen = new Screen();
        screen.Write(new string('a', Width));
        Assert.Equal((0, Width - 1, true), (screen.Grid.Row, screen.Grid.Column, screen.Grid.WrapPending));
        screen.Write("b");
        Assert.Equal("b", screen.Row(1));
        Assert.Equal((1, 1), (screen.Grid.Row, screen.Grid.Column));
    }

    [Fact]
    public void ErasingAWrappedLineErasesItOnTheScreen()
    {
        using var screen = new Screen();
        string prompt = "meghaos:/$ ";
        string typed = new string('x', 100); // wraps into a second row
        screen.Write(prompt + typed);
        for (int i = 0; i < typed.Length; i++)
        {
            screen.Write("\b \b");
        }

        Assert.Equal(prompt.TrimEnd(), screen.Row(0));
        Assert.Equal("", screen.Row(1));
        Assert.Equal((0, prompt.Length), (screen.Grid.Row, screen.Grid.Column));
    }

    [Fact]
    public void ErasingOnTheLastRowDoesNotScroll()
    {
        using var screen = new Screen();
        for (int i = 0; i < Height - 1; i++)
        {
            screen.Write("line " + i + "\n");
        }

        screen.Write(new string('y', Width + 5));
        for (int i = 0; i < Width + 5; i++)
        {
            screen.Write("\b \b");
        }

        Assert.Equal("line 1", screen.Row(0)); // one scroll from the wrap itself, none from erasing
        Assert.Equal("", screen.Row(Height - 2));
        Assert.Equal((Height - 2, 0), (screen.Grid.Row, screen.Grid.Column));
    }

    [Fact]
    public void BackspaceStopsAtTheTopLeft()
    {
        using var screen = new Screen();
        screen.Write("\b\b\bab");
        Assert.Equal("ab", screen.Row(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomTypingAndErasingShowsTheLine(int seed)
    {
        // The line editor's way of writing: a prompt, printable characters echoed, "\b \b" per erase, a newline
        // ending the line. The screen must show exactly the model's text, however it wraps.
        var random = new Random(seed);
        using var screen = new Screen();
        const string prompt = "meghaos:/$ ";
        var line = new StringBuilder();
        screen.Write(prompt);
        for (int step = 0; step < 3000; step++)
        {
            int roll = random.Next(20);
            if (roll == 0)
            {
                screen.Write("\n" + prompt);
                line.Clear();
            }
            else if (roll < 7 && line.Length > 0)
            {
                line.Length--;
                screen.Write("\b \b");
            }
            else if (line.Length < 160)
            {
                char c = (char)random.Next(0x21, 0x7F);
                line.Append(c);
                screen.Write(c.ToString());
            }

            // The cursor stands at the line's end (on its last character while a wrap is pending), so the line
            // starts (position - column) / width rows above it.
            string expected = prompt + line;
            int position = screen.Grid.WrapPending ? expected.Length - 1 : expected.Length;
            Assert.Equal(position % Width, screen.Grid.Column);
            int first = screen.Grid.Row - (position - screen.Grid.Column) / Width;
            var shown = new StringBuilder();
            for (int row = first; row <= screen.Grid.Row; row++)
            {
                shown.Append(screen.Row(row).PadRight(Width));
            }

            Assert.Equal(expected.TrimEnd(), shown.ToString().TrimEnd());
        }
    }
}
