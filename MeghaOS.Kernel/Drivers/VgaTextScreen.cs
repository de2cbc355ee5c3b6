// The VGA text screen: 80 x 25 cells at physical 0xB8000 (through the direct map), each a character byte and a colour
// byte, with the hardware cursor moved through the CRT controller's ports. What each byte does to the cells and the
// cursor (wrapping, scrolling, Backspace across rows) is the TextGrid's (Devices/TextGrid.cs); this file is the hardware.
namespace MeghaOS.Drivers;

using MeghaOS.Arch.X64;
using MeghaOS.Devices;
using MeghaOS.Memory;

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

    private static TextGrid s_grid;

    /// <summary>Clears the screen and puts the cursor top left.</summary>
    internal static void Clear()
    {
        if (s_grid.Cells == null)
        {
            s_grid = new TextGrid((ushort*)DirectMap.Pointer(0xB8000), Width, Height, LightGreyOnBlack);
        }
        else
        {
            s_grid.Clear();
        }

        MoveHardwareCursor();
    }

    private static ushort* Cells => (ushort*)DirectMap.Pointer(0xB8000);

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
    internal static void SetColour(byte colour)
    {
        if (s_grid.Cells != null)
        {
            s_grid.Colour = colour;
        }
    }

    /// <summary>Switches to the panic colours (white on red) for everything written after.</summary>
    internal static void UsePanicColours()
    {
        if (s_grid.Cells == null)
        {
            Clear();
        }

        s_grid.Colour = WhiteOnRed;
    }

    /// <summary>Writes one byte (see <see cref="TextGrid.WriteByte"/>).</summary>
    internal static void WriteByte(byte value)
    {
        if (s_grid.Cells == null)
        {
            Clear();
        }

        s_grid.WriteByte(value);
        MoveHardwareCursor();
    }

    private static void MoveHardwareCursor()
    {
        int position = s_grid.CursorIndex;
        Cpu.Out8(CrtIndexPort, 0x0F);
        Cpu.Out8(CrtDataPort, (byte)position);
        Cpu.Out8(CrtIndexPort, 0x0E);
        Cpu.Out8(CrtDataPort, (byte)(position >> 8));
    }
}
