// The text screen's logic, apart from the hardware: a grid of character cells (character byte, colour byte), a
// cursor, scrolling, and how each control byte moves the cursor. Two rules make the VGA screen show what the serial
// terminal shows for the shell's line editing: a character written in the last column does not move the cursor to the
// next line until another character comes (a line of exactly 80 characters and then a newline is one line, not two),
// and Backspace in the first column goes back to the last column of the line above (so erasing a line that wrapped
// erases it on the screen too). Shared code: the host tests drive it over a buffer of their own.
namespace MeghaOS.Devices;

/// <summary>A character grid with a cursor, over caller-supplied cells (VGA text memory in the kernel).</summary>
public unsafe struct TextGrid
{
    /// <summary>The cells, row by row: each the character in its low byte and the colour in its high byte.</summary>
    public ushort* Cells;

    /// <summary>Columns per row.</summary>
    public int Width;

    /// <summary>Rows.</summary>
    public int Height;

    /// <summary>The cursor's row.</summary>
    public int Row;

    /// <summary>The cursor's column.</summary>
    public int Column;

    /// <summary>
    /// True when the last character went into the last column: the cursor stays there and the next character starts
    /// the next row first (the "pending wrap" of VT100 terminals).
    /// </summary>
    public bool WrapPending;

    /// <summary>The colour byte of everything written (and of blank cells).</summary>
    public byte Colour;

    /// <summary>A grid over <paramref name="cells"/>, cleared, cursor top left.</summary>
    public TextGrid(ushort* cells, int width, int height, byte colour)
    {
        Cells = cells;
        Width = width;
        Height = height;
        Colour = colour;
        Row = 0;
        Column = 0;
        WrapPending = false;
        Clear();
    }

    /// <summary>The cursor as a cell index (row * width + column).</summary>
    public readonly int CursorIndex => Row * Width + Column;

    /// <summary>Blanks every cell and puts the cursor top left.</summary>
    public void Clear()
    {
        ushort blank = Blank;
        for (int i = 0; i < Width * Height; i++)
        {
            Cells[i] = blank;
        }

        Row = 0;
        Column = 0;
        WrapPending = false;
    }

    /// <summary>
    /// Writes one byte: '\n' starts a new row, '\r' returns to column 0, '\b' moves one column back (from the first
    /// column to the last one of the row above), any other byte is shown (non-printable ones as '?').
    /// </summary>
    public void WriteByte(byte value)
    {
        switch (value)
        {
            case (byte)'\n':
                WrapPending = false;
                Column = 0;
                NextRow();
                break;
            case (byte)'\r':
                WrapPending = false;
                Column = 0;
                break;
            case (byte)'\b':
                if (WrapPending)
                {
                    WrapPending = false; // the cursor is on the last character already
                }
                else if (Column > 0)
                {
                    Column--;
                }
                else if (Row > 0)
                {
                    Row--;
                    Column = Width - 1;
                }

                break;
            default:
                if (WrapPending)
                {
                    WrapPending = false;
                    Column = 0;
                    NextRow();
                }

                byte shown = value >= 0x20 && value < 0x7F ? value : (byte)'?';
                Cells[CursorIndex] = (ushort)(Colour << 8 | shown);
                if (Column == Width - 1)
                {
                    WrapPending = true;
                }
                else
                {
                    Column++;
                }

                break;
        }
    }

    private readonly ushort Blank => (ushort)(Colour << 8 | ' ');

    // Down one row, scrolling everything up by one when the cursor is on the last row.
    private void NextRow()
    {
        if (Row < Height - 1)
        {
            Row++;
            return;
        }

        for (int i = 0; i < Width * (Height - 1); i++)
        {
            Cells[i] = Cells[i + Width];
        }

        ushort blank = Blank;
        for (int i = Width * (Height - 1); i < Width * Height; i++)
        {
            Cells[i] = blank;
        }
    }
}
