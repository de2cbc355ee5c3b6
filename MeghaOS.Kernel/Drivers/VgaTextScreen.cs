// The VGA text screen: 80 x 25 cells at physical 0xB8000 (identity-mapped), each a character byte and a colour
// byte, with the hardware cursor moved through the CRT controller's ports. Scrolls when the last line is full.
namespace MeghaOS.Drivers;

using MeghaOS.Arch.X64;

/// <summary>The VGA text-mode screen, what a person at the VMware or QEMU window sees.</summary>
internal static unsafe class VgaTextScreen
{
    /// <summary>Columns per line.</summary>
    internal const int Width = 80;

    /// <summary>Lines on the screen.</summary>
    internal const int Height = 25;

    private const byte LightGreyOnBlack = 0x07;
    private const byte WhiteOnRed = 0x4F;
    private const ushort CrtIndexPort = 0x3D4;
    private const ushort CrtDataPort = 0x3D5;

    private static ushort* Cells => (ushort*)0xB8000;

    private static int s_row;
    private static int s_column;
    private static byte s_colour = LightGreyOnBlack;

    /// <summary>Clears the screen and puts the cursor top left.</summary>
    internal static void Clear()
    {
        ushort blank = (ushort)(s_colour << 8 | ' ');
        for (int i = 0; i < Width * Height; i++)
        {
            Cells[i] = blank;
        }

        s_row = 0;
        s_column = 0;
        MoveHardwareCursor();
    }

    /// <summary>Writes one cell directly (character and colour attribute), leaving the cursor alone; for pictures.</summary>
    internal static void PutCell(int column, int row, byte character, byte colour)
    {
        if ((uint)column < Width && (uint)row < Height)
        {
            Cells[row * Width + column] = (ushort)(colour << 8 | character);
        }
    }

    /// <summary>Copies the screen's cells to <paramref name="saved"/> (Width x Height).</summary>
    internal static void SaveCells(ushort* saved)
    {
        for (int i = 0; i < Width * Height; i++)
        {
            saved[i] = Cells[i];
        }
    }

    /// <summary>Puts back cells saved by <see cref="SaveCells"/>.</summary>
    internal static void RestoreCells(ushort* saved)
    {
        for (int i = 0; i < Width * Height; i++)
        {
            Cells[i] = saved[i];
        }
    }

    /// <summary>Sets the colour attribute of what is written next (foreground bits 0-3, background 4-7).</summary>
    internal static void SetColour(byte colour) => s_colour = colour;

    /// <summary>Switches to the panic colours (white on red) for everything written after.</summary>
    internal static void UsePanicColours() => s_colour = WhiteOnRed;

    /// <summary>Writes one byte: '\n' starts a new line, '\r' returns to column 0, '\b' moves one column back.</summary>
    internal static void WriteByte(byte value)
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
                byte shown = value >= 0x20 && value < 0x7F ? value : (byte)'?';
                Cells[s_row * Width + s_column] = (ushort)(s_colour << 8 | shown);
                if (++s_column == Width)
                {
                    s_column = 0;
                    NextLine();
                }

                break;
        }

        MoveHardwareCursor();
    }

    private static void NextLine()
    {
        if (s_row < Height - 1)
        {
            s_row++;
            return;
        }

        for (int i = 0; i < Width * (Height - 1); i++)
        {
            Cells[i] = Cells[i + Width];
        }

        ushort blank = (ushort)(s_colour << 8 | ' ');
        for (int i = Width * (Height - 1); i < Width * Height; i++)
        {
            Cells[i] = blank;
        }
    }

    private static void MoveHardwareCursor()
    {
        int position = s_row * Width + s_column;
        Cpu.Out8(CrtIndexPort, 0x0F);
        Cpu.Out8(CrtDataPort, (byte)position);
        Cpu.Out8(CrtIndexPort, 0x0E);
        Cpu.Out8(CrtDataPort, (byte)(position >> 8));
    }
}
