// Text on a linear framebuffer (32-bit RGB, set up by GRUB from the Multiboot video fields): MeghaOS's own 5x9 font
// (MeghaOS.Interfaces/Devices/BitmapFont.cs) drawn 2x2 in cells of 12x20 pixels (85 x 38 characters at 1024x768),
// sixteen VGA colours, scrolling and an underline cursor. Characters go into a grid of cells first and reach the
// pixels at most every 40 ms (or, when drawing is slow, after nine times the time the last drawing took) while output
// keeps coming (and always before the kernel waits for input, see
// InputQueue.DequeueWaiting, and at a panic): however many lines were written meanwhile, the pixels move up once (one
// copy of the screen) and only the rows that changed are drawn, so `cat` of a large file is not held up by the screen. The grid also lets a full-screen picture
// (the `memmap` command) be drawn over the text and the text be restored afterwards.
namespace MeghaOS.Drivers;

using System;
using System.Runtime.CompilerServices;
using MeghaOS.Devices;
using MeghaOS.Runtime;

/// <summary>The framebuffer text screen.</summary>
internal static unsafe class FramebufferScreen
{
    /// <summary>Pixel columns of a character cell.</summary>
    internal const int CellWidth = BitmapFont.CellWidth;

    /// <summary>Pixel rows of a character cell.</summary>
    internal const int CellHeight = BitmapFont.CellHeight;

    private const int Scale = BitmapFont.Scale;
    private const int GlyphLeft = BitmapFont.GlyphLeft, GlyphTop = BitmapFont.GlyphTop;

    /// <summary>Default colour: light grey (7) on black (0), as on the VGA text screen.</summary>
    internal const byte DefaultColour = 0x07;

    private const int MaxColumns = 160;
    private const int MaxRows = 64;
    private const byte WhiteOnRed = 0x4F;

    private static CellGrid s_cells;
    private static RowFlags s_dirty;
    private static Palette s_palette;
    private static bool s_isActive;
    private static int s_columns;
    private static int s_rows;
    private static int s_row;
    private static int s_column;
    private static int s_pendingScroll;
    private static byte s_colour = DefaultColour;
    private static bool s_isPaused;
    private static bool s_flushPending;
    private static ulong s_lastFlushNanoseconds;
    private static ulong s_flushIntervalNanoseconds = FlushIntervalNanoseconds;

    private const ulong FlushIntervalNanoseconds = 40_000_000;

    /// <summary>True once <see cref="Initialize"/> found a drawable framebuffer.</summary>
    internal static bool IsActive => s_isActive;

    /// <summary>Text columns.</summary>
    internal static int Columns => s_columns;

    /// <summary>Text rows.</summary>
    internal static int Rows => s_rows;

    /// <summary>Sets up the grid for the recorded framebuffer and clears the screen; false when there is none.</summary>
    internal static bool Initialize()
    {
        if (!Framebuffer.IsAvailable)
        {
            return false;
        }

        FramebufferInfo info = Framebuffer.Info;
        s_columns = (int)(info.Width / CellWidth);
        s_rows = (int)(info.Height / CellHeight);
        s_columns = s_columns > MaxColumns ? MaxColumns : s_columns;
        s_rows = s_rows > MaxRows ? MaxRows : s_rows;
        if (s_columns == 0 || s_rows == 0)
        {
            return false;
        }

        for (int i = 0; i < 16; i++)
        {
            s_palette[i] = VgaColour(i);
        }

        s_isActive = true;
        Clear();
        return true;
    }

    /// <summary>The pixel value of VGA colour <paramref name="index"/> (0-15) in this framebuffer's layout.</summary>
    internal static uint VgaColour(int index)
    {
        // The VGA text palette: black, blue, green, cyan, red, magenta, brown, light grey, then the bright ones.
        int intensity = (index & 8) != 0 ? 0x55 : 0;
        byte red = (byte)(((index & 4) != 0 ? 0xAA : 0) + intensity);
        byte green = (byte)(((index & 2) != 0 ? 0xAA : 0) + intensity);
        byte blue = (byte)(((index & 1) != 0 ? 0xAA : 0) + intensity);
        if (index == 6)
        {
            green = 0x55; // brown, not dark yellow
        }

        return Framebuffer.Colour(red, green, blue);
    }

    /// <summary>Clears the screen and puts the cursor top left.</summary>
    internal static void Clear()
    {
        if (!s_isActive)
        {
            return;
        }

        ushort blank = (ushort)(s_colour << 8 | ' ');
        for (int i = 0; i < s_columns * s_rows; i++)
        {
            s_cells[i] = blank;
        }

        s_row = 0;
        s_column = 0;
        s_pendingScroll = 0;
        FramebufferInfo info = Framebuffer.Info;
        FillRectangle(0, 0, (int)info.Width, (int)info.Height, s_palette[s_colour >> 4 & 0xF]);
        for (int row = 0; row < s_rows; row++)
        {
            s_dirty[row] = false;
        }

        DrawCursor(true);
    }

    /// <summary>Switches to the panic colours (white on red) for everything written after.</summary>
    internal static void UsePanicColours() => s_colour = WhiteOnRed;

    /// <summary>Sets the colour of what is written next: VGA attribute, foreground in bits 0-3, background in 4-7.</summary>
    internal static void SetColour(byte colour) => s_colour = colour;

    /// <summary>The colour of what is written next.</summary>
    internal static byte Colour => s_colour;

    /// <summary>Writes bytes: '\n' starts a new line, '\r' returns to column 0, '\b' moves one column back.</summary>
    internal static void Write(ReadOnlySpan<byte> text)
    {
        if (!s_isActive)
        {
            return;
        }

        DrawCursor(false);
        for (int i = 0; i < text.Length; i++)
        {
            Put(text[i]);
        }

        ulong now = Timer.IsActive ? Timer.UptimeNanoseconds : 0;
        if (!Timer.IsActive || now - s_lastFlushNanoseconds >= s_flushIntervalNanoseconds)
        {
            Flush();
            // Drawing takes at most a tenth of the time while output streams, so the screen never holds up a stream
            // much: `both` writes about as fast as serial alone.
            ulong done = Timer.IsActive ? Timer.UptimeNanoseconds : 0;
            ulong took = done - now;
            s_flushIntervalNanoseconds = took * 9 > FlushIntervalNanoseconds ? took * 9 : FlushIntervalNanoseconds;
            s_lastFlushNanoseconds = done;
        }
        else
        {
            s_flushPending = true;
        }
    }

    /// <summary>Draws what was written since the last time the pixels were brought up to date (before waiting for input, at a panic).</summary>
    internal static void FlushPending()
    {
        if (s_isActive && s_flushPending)
        {
            Flush();
        }
    }

    /// <summary>
    /// Stops drawing text (the grid still takes it) while a full-screen picture is shown; <see cref="Resume"/> redraws
    /// the text.
    /// </summary>
    internal static void Pause() => s_isPaused = true;

    /// <summary>Redraws every row of text and shows the cursor again after <see cref="Pause"/>.</summary>
    internal static void Resume()
    {
        if (!s_isActive)
        {
            return;
        }

        s_isPaused = false;
        FramebufferInfo info = Framebuffer.Info;
        FillRectangle(0, 0, (int)info.Width, (int)info.Height, s_palette[0]);
        s_pendingScroll = 0;
        for (int row = 0; row < s_rows; row++)
        {
            DrawRow(row);
            s_dirty[row] = false;
        }

        DrawCursor(true);
    }

    /// <summary>Fills a rectangle of pixels with a pixel value, clipped to the screen.</summary>
    internal static void FillRectangle(int x, int y, int width, int height, uint pixel)
    {
        FramebufferInfo info = Framebuffer.Info;
        int right = x + width > (int)info.Width ? (int)info.Width : x + width;
        int bottom = y + height > (int)info.Height ? (int)info.Height : y + height;
        x = x < 0 ? 0 : x;
        y = y < 0 ? 0 : y;
        for (int line = y; line < bottom; line++)
        {
            uint* pixels = (uint*)(Framebuffer.Pixels + (ulong)line * info.Pitch);
            for (int column = x; column < right; column++)
            {
                pixels[column] = pixel;
            }
        }
    }

    /// <summary>Draws text at pixel (<paramref name="x"/>, <paramref name="y"/>) in the given pixel colours (a picture's labels).</summary>
    internal static void DrawText(int x, int y, ReadOnlySpan<byte> text, uint foreground, uint background)
    {
        for (int i = 0; i < text.Length; i++)
        {
            DrawGlyph(x + i * CellWidth, y, text[i], foreground, background);
        }
    }

    private static void Put(byte value)
    {
        switch (value)
        {
            case (byte)'\n':
                s_column = 0;
                NextLine();
                break;
            case (byte)'\r':
                s_column = 0;
                break;
            case (byte)'\b':
                if (s_column > 0)
                {
                    s_column--;
                }

                break;
            default:
                byte shown = value >= 0x20 && value <= 0x7F ? value : (byte)'?';
                s_cells[s_row * s_columns + s_column] = (ushort)(s_colour << 8 | shown);
                s_dirty[s_row] = true;
                if (++s_column == s_columns)
                {
                    s_column = 0;
                    NextLine();
                }

                break;
        }
    }

    private static void NextLine()
    {
        if (s_row < s_rows - 1)
        {
            s_row++;
            return;
        }

        // Scroll the grid (and its dirty flags) now; the pixels follow in Flush, once for the whole write.
        int last = (s_rows - 1) * s_columns;
        for (int i = 0; i < last; i++)
        {
            s_cells[i] = s_cells[i + s_columns];
        }

        ushort blank = (ushort)((s_colour & 0xF0) << 8 | ' ');
        for (int i = last; i < last + s_columns; i++)
        {
            s_cells[i] = blank;
        }

        for (int row = 0; row < s_rows - 1; row++)
        {
            s_dirty[row] = s_dirty[row + 1];
        }

        s_dirty[s_rows - 1] = true;
        s_pendingScroll++;
    }

    private static void Flush()
    {
        if (s_isPaused)
        {
            return;
        }

        s_flushPending = false;
        FramebufferInfo info = Framebuffer.Info;
        if (s_pendingScroll >= s_rows)
        {
            for (int row = 0; row < s_rows; row++)
            {
                s_dirty[row] = true;
            }
        }
        else if (s_pendingScroll > 0)
        {
            ulong shift = (ulong)s_pendingScroll * CellHeight * info.Pitch;
            ulong keep = (ulong)(s_rows - s_pendingScroll) * CellHeight * info.Pitch;
            MemoryOperations.Copy(Framebuffer.Pixels, Framebuffer.Pixels + shift, keep);
        }

        s_pendingScroll = 0;
        for (int row = 0; row < s_rows; row++)
        {
            if (s_dirty[row])
            {
                DrawRow(row);
                s_dirty[row] = false;
            }
        }

        DrawCursor(true);
    }

    private static void DrawRow(int row)
    {
        for (int column = 0; column < s_columns; column++)
        {
            DrawCell(row, column);
        }
    }

    private static void DrawCell(int row, int column)
    {
        ushort cell = s_cells[row * s_columns + column];
        DrawGlyph(column * CellWidth, row * CellHeight, (byte)cell, s_palette[cell >> 8 & 0xF], s_palette[cell >> 12 & 0xF]);
    }

    private static void DrawGlyph(int x, int y, byte character, uint foreground, uint background)
    {
        FramebufferInfo info = Framebuffer.Info;
        if (x < 0 || y < 0 || x + CellWidth > (int)info.Width || y + CellHeight > (int)info.Height)
        {
            return;
        }

        byte* origin = Framebuffer.Pixels + (ulong)y * info.Pitch + (ulong)x * 4;
        for (int line = 0; line < CellHeight; line++)
        {
            uint* pixels = (uint*)(origin + (ulong)line * info.Pitch);
            int glyphRow = (line - GlyphTop) / Scale;
            int bits = line >= GlyphTop && glyphRow < BitmapFont.GlyphRows ? BitmapFont.Row(character, glyphRow) : 0;
            for (int column = 0; column < CellWidth; column++)
            {
                int glyphColumn = (column - GlyphLeft) / Scale;
                bool set = column >= GlyphLeft && glyphColumn < BitmapFont.GlyphColumns &&
                    (bits >> (BitmapFont.GlyphColumns - 1 - glyphColumn) & 1) != 0;
                pixels[column] = set ? foreground : background;
            }
        }
    }

    // The cursor: the cell's bottom two pixel rows in the foreground colour; hiding it redraws the cell.
    private static void DrawCursor(bool visible)
    {
        if (s_isPaused || s_row >= s_rows || s_column >= s_columns)
        {
            return;
        }

        if (visible)
        {
            FillRectangle(s_column * CellWidth, s_row * CellHeight + CellHeight - 2, CellWidth, 2, s_palette[s_colour & 0xF]);
        }
        else
        {
            // Redrawn with its row at the next flush, after the pixels have moved with any scrolling.
            s_dirty[s_row] = true;
        }
    }

    [InlineArray(MaxColumns * MaxRows)]
    private struct CellGrid
    {
        private ushort _element;
    }

    [InlineArray(MaxRows)]
    private struct RowFlags
    {
        private bool _element;
    }

    [InlineArray(16)]
    private struct Palette
    {
        private uint _element;
    }
}
