// `memmap`: physical memory as a picture, full-screen until a key is pressed. It reads the state the way a user
// program would, through files only: /sys/pmm/stats (total_frames), /sys/pmm/regions (the memory map: a frame not
// wholly inside a usable entry, or touched by a non-usable one, is "reserved") and /dev/pab (1 = not free; a
// not-free frame that is not reserved by the map is "allocated", which includes the kernel image and the PMMs'
// metadata). One square per group of frames, shaded from green (all free) to red (all allocated) by the share
// allocated, grey when the whole group is reserved; an address scale on the left and a legend below. The PAB is read
// again every 100 ms and the picture redrawn when it changed, so allocations made meanwhile show at once. On the
// framebuffer it is drawn in pixels; on the VGA text screen with block characters (full, and the three shades) in
// colour. The text screen is restored afterwards.
namespace MeghaOS.Devices;

using System;
using MeghaOS.Drivers;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>The memory picture.</summary>
internal static unsafe class MemoryPicture
{
    private const int MaxRegions = 64;
    private const int ChunkBytes = 512;
    private const ulong FrameBytes = 4096;
    private const ulong RedrawNanoseconds = 100_000_000;

    // The framebuffer layout: a title line, the grid with address labels on its left, two legend lines.
    private const int LabelColumns = 12;
    private const int TopPixels = 24;
    private const int LegendPixels = 48;

    private static Region* s_regions;
    private static int s_regionCount;
    private static ulong s_totalFrames;

    private struct Region
    {
        public ulong Base;
        public ulong Length;
        public bool IsUsable;
    }

    /// <summary>What a group of frames holds.</summary>
    private struct GroupCounts
    {
        public ulong Free;
        public ulong Allocated;
        public ulong Reserved;
    }

    /// <summary>Shows the picture until a key is pressed (the key is consumed); false when the files could not be read.</summary>
    internal static bool Show()
    {
        Region* regions = stackalloc Region[MaxRegions];
        s_regions = regions;
        if (!ReadTotalFrames(out s_totalFrames) || s_totalFrames == 0 || !ReadRegions(regions, out s_regionCount) ||
            Vfs.Open("/dev/pab"u8, VfsOpenMode.Read, out VfsFile pab) != VfsStatus.Success)
        {
            return false;
        }

        bool onFramebuffer = FramebufferScreen.IsActive;
        ushort* savedText = stackalloc ushort[VgaTextScreen.Width * VgaTextScreen.Height];
        if (onFramebuffer)
        {
            FramebufferScreen.Pause();
        }
        else
        {
            VgaTextScreen.SaveCells(savedText);
        }

        ulong drawn = 0;
        bool first = true;
        byte key;
        while (!InputQueue.TryDequeue(out key))
        {
            ulong checksum = PabChecksum(pab);
            if (first || checksum != drawn)
            {
                if (onFramebuffer)
                {
                    DrawOnFramebuffer(pab);
                }
                else
                {
                    DrawOnText(pab);
                }

                drawn = checksum;
                first = false;
            }

            Timer.Wait(RedrawNanoseconds);
        }

        if (onFramebuffer)
        {
            FramebufferScreen.Resume();
        }
        else
        {
            VgaTextScreen.RestoreCells(savedText);
        }

        return true;
    }

    // ---- reading the files ----

    private static bool ReadTotalFrames(out ulong total)
    {
        total = 0;
        byte* buffer = stackalloc byte[1024];
        int length = ReadWhole("/sys/pmm/stats"u8, new Span<byte>(buffer, 1024));
        ReadOnlySpan<byte> text = new ReadOnlySpan<byte>(buffer, length < 0 ? 0 : length);
        ReadOnlySpan<byte> key = "total_frames "u8;
        int lineStart = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == (byte)'\n')
            {
                ReadOnlySpan<byte> line = text.Slice(lineStart, i - lineStart);
                if (line.Length > key.Length && Bytes.Equal(line.Slice(0, key.Length), key))
                {
                    return NumberParse.TryParseUnsigned(line.Slice(key.Length), out total);
                }

                lineStart = i + 1;
            }
        }

        return false;
    }

    // Lines "0x<base> 0x<length> <type>".
    private static bool ReadRegions(Region* regions, out int count)
    {
        count = 0;
        const int Size = 8192;
        byte* buffer = stackalloc byte[Size];
        int length = ReadWhole("/sys/pmm/regions"u8, new Span<byte>(buffer, Size));
        if (length < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> text = new ReadOnlySpan<byte>(buffer, length);
        int lineStart = 0;
        for (int i = 0; i <= text.Length && count < MaxRegions; i++)
        {
            if (i < text.Length && text[i] != (byte)'\n')
            {
                continue;
            }

            ReadOnlySpan<byte> line = text.Slice(lineStart, i - lineStart);
            lineStart = i + 1;
            // 18 characters of base, a space, 18 of length, a space, the type.
            if (line.Length < 38)
            {
                continue;
            }

            if (!NumberParse.TryParseUnsigned(line.Slice(0, 18), out ulong start) ||
                !NumberParse.TryParseUnsigned(line.Slice(19, 18), out ulong size))
            {
                return false;
            }

            regions[count].Base = start;
            regions[count].Length = size;
            regions[count].IsUsable = Bytes.Equal(line.Slice(38), "usable"u8);
            count++;
        }

        return true;
    }

    private static int ReadWhole(ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        if (Vfs.Open(path, VfsOpenMode.Read, out VfsFile file) != VfsStatus.Success)
        {
            return -1;
        }

        int total = 0;
        while (total < buffer.Length)
        {
            if (Vfs.Read(file, (ulong)total, buffer.Slice(total), out int count) != VfsStatus.Success)
            {
                return -1;
            }

            if (count == 0)
            {
                break;
            }

            total += count;
        }

        return total;
    }

    private static ulong PabChecksum(in VfsFile pab)
    {
        byte* chunk = stackalloc byte[ChunkBytes];
        ulong sum = 0;
        ulong offset = 0;
        while (Vfs.Read(pab, offset, new Span<byte>(chunk, ChunkBytes), out int count) == VfsStatus.Success && count > 0)
        {
            for (int i = 0; i < count; i++)
            {
                sum = (sum << 5 | sum >> 59) ^ chunk[i] ^ (offset + (ulong)i);
            }

            offset += (ulong)count;
        }

        return sum;
    }

    // A frame is reserved when no usable entry holds it wholly or a non-usable entry touches it (docs/pab.md's rules).
    private static bool IsReserved(ulong frame)
    {
        ulong start = frame * FrameBytes;
        ulong end = start + FrameBytes;
        bool inUsable = false;
        for (int i = 0; i < s_regionCount; i++)
        {
            Region region = s_regions[i];
            if (region.Length == 0)
            {
                continue;
            }

            ulong regionEnd = region.Base + region.Length;
            if (region.IsUsable)
            {
                inUsable |= region.Base <= start && end <= regionEnd;
            }
            else if (region.Base < end && start < regionEnd)
            {
                return true;
            }
        }

        return !inUsable || frame == 0;
    }

    // Counts frames [first, first + count) by walking the PAB from a cursor (groups are visited in order).
    private struct PabCursor
    {
        public VfsFile File;
        public ulong ChunkStart;
        public int ChunkLength;
        public fixed byte Chunk[ChunkBytes];

        public bool IsSet(ulong frame)
        {
            ulong byteIndex = frame / 8;
            if (byteIndex < ChunkStart || byteIndex >= ChunkStart + (ulong)ChunkLength)
            {
                ChunkStart = byteIndex;
                fixed (byte* chunk = Chunk)
                {
                    if (Vfs.Read(File, byteIndex, new Span<byte>(chunk, ChunkBytes), out ChunkLength) != VfsStatus.Success || ChunkLength == 0)
                    {
                        ChunkLength = 0;
                        return true;
                    }
                }
            }

            return (Chunk[(int)(byteIndex - ChunkStart)] >> (int)(frame % 8) & 1) != 0;
        }
    }

    private static GroupCounts Count(ref PabCursor cursor, ulong first, ulong count)
    {
        GroupCounts counts = default;
        for (ulong frame = first; frame < first + count && frame < s_totalFrames; frame++)
        {
            if (!cursor.IsSet(frame))
            {
                counts.Free++;
            }
            else if (IsReserved(frame))
            {
                counts.Reserved++;
            }
            else
            {
                counts.Allocated++;
            }
        }

        return counts;
    }

    // ---- framebuffer ----

    private static uint Blend(int allocatedPerMille)
    {
        // Green (all free) to red (all allocated).
        int red = 0x20 + (0xD0 - 0x20) * allocatedPerMille / 1000;
        int green = 0xB0 - (0xB0 - 0x30) * allocatedPerMille / 1000;
        return Framebuffer.Colour((byte)red, (byte)green, 0x30);
    }

    private static uint GroupColour(in GroupCounts counts)
    {
        ulong usable = counts.Free + counts.Allocated;
        if (usable == 0)
        {
            return Framebuffer.Colour(0x60, 0x60, 0x60);
        }

        return Blend((int)(counts.Allocated * 1000 / usable));
    }

    private static void DrawOnFramebuffer(in VfsFile pab)
    {
        FramebufferInfo info = Framebuffer.Info;
        int width = (int)info.Width;
        int height = (int)info.Height;
        uint black = Framebuffer.Colour(0, 0, 0);
        uint white = Framebuffer.Colour(0xE0, 0xE0, 0xE0);
        FramebufferScreen.FillRectangle(0, 0, width, height, black);

        int gridLeft = LabelColumns * FramebufferScreen.CellWidth;
        int gridWidth = width - gridLeft - 4;
        int gridHeight = height - TopPixels - LegendPixels;

        // The largest square that shows one frame per square; else 8 pixels with frames grouped.
        int square = 8;
        ulong framesPerSquare = 1;
        int squareCandidate = 24;
        while (squareCandidate >= 4)
        {
            ulong fits = (ulong)(gridWidth / squareCandidate) * (ulong)(gridHeight / squareCandidate);
            if (fits >= s_totalFrames)
            {
                square = squareCandidate;
                break;
            }

            squareCandidate -= 4;
        }

        int columns = gridWidth / square;
        int rows = gridHeight / square;
        ulong squares = (ulong)columns * (ulong)rows;
        if (squares < s_totalFrames)
        {
            framesPerSquare = (s_totalFrames + squares - 1) / squares;
        }

        PabCursor cursor = default;
        cursor.File = pab;
        cursor.ChunkLength = 0;
        ulong totals0 = 0, totals1 = 0, totals2 = 0;
        ulong groups = (s_totalFrames + framesPerSquare - 1) / framesPerSquare;
        int labelEvery = square >= 16 ? 2 : square >= 8 ? 4 : 8;
        byte* label = stackalloc byte[16];
        for (ulong group = 0; group < groups; group++)
        {
            int column = (int)(group % (ulong)columns);
            int row = (int)(group / (ulong)columns);
            GroupCounts counts = Count(ref cursor, group * framesPerSquare, framesPerSquare);
            totals0 += counts.Free;
            totals1 += counts.Allocated;
            totals2 += counts.Reserved;
            FramebufferScreen.FillRectangle(gridLeft + column * square, TopPixels + row * square, square - 1, square - 1,
                GroupColour(counts));
            if (column == 0 && row % labelEvery == 0)
            {
                TextBuilder text = new TextBuilder(new Span<byte>(label, 16));
                text.Append("0x"u8);
                text.AppendHex(group * framesPerSquare * FrameBytes, 9);
                FramebufferScreen.DrawText(0, TopPixels + row * square, text.Text, white, black);
            }
        }

        byte* buffer = stackalloc byte[160];
        TextBuilder title = new TextBuilder(new Span<byte>(buffer, 160));
        title.AppendDecimal(s_totalFrames);
        title.Append(" frames, "u8);
        title.AppendDecimal(framesPerSquare);
        title.Append(" per square: free "u8);
        title.AppendDecimal(totals0);
        title.Append(" allocated "u8);
        title.AppendDecimal(totals1);
        title.Append(" reserved "u8);
        title.AppendDecimal(totals2);
        FramebufferScreen.DrawText(0, 0, title.Text, white, black);

        int legendTop = height - LegendPixels + 6;
        FramebufferScreen.FillRectangle(gridLeft, legendTop + 3, 12, 12, Blend(0));
        FramebufferScreen.DrawText(gridLeft + 16, legendTop, "free"u8, white, black);
        FramebufferScreen.FillRectangle(gridLeft + 80, legendTop + 3, 12, 12, Blend(500));
        FramebufferScreen.DrawText(gridLeft + 96, legendTop, "half"u8, white, black);
        FramebufferScreen.FillRectangle(gridLeft + 160, legendTop + 3, 12, 12, Blend(1000));
        FramebufferScreen.DrawText(gridLeft + 176, legendTop, "allocated"u8, white, black);
        FramebufferScreen.FillRectangle(gridLeft + 300, legendTop + 3, 12, 12, Framebuffer.Colour(0x60, 0x60, 0x60));
        FramebufferScreen.DrawText(gridLeft + 316, legendTop, "reserved"u8, white, black);
        FramebufferScreen.DrawText(gridLeft + 440, legendTop, "press a key to return"u8, white, black);
    }

    // ---- VGA text ----

    private static void DrawOnText(in VfsFile pab)
    {
        const int Width = VgaTextScreen.Width;
        const int Height = VgaTextScreen.Height;
        const byte Text = 0x07;
        for (int row = 0; row < Height; row++)
        {
            for (int column = 0; column < Width; column++)
            {
                VgaTextScreen.PutCell(column, row, (byte)' ', Text);
            }
        }

        int gridLeft = LabelColumns;
        int columns = Width - gridLeft;
        int rows = Height - 2;
        ulong cells = (ulong)columns * (ulong)rows;
        ulong framesPerCell = (s_totalFrames + cells - 1) / cells;
        ulong groups = (s_totalFrames + framesPerCell - 1) / framesPerCell;
        PabCursor cursor = default;
        cursor.File = pab;
        byte* label = stackalloc byte[16];
        for (ulong group = 0; group < groups; group++)
        {
            int column = (int)(group % (ulong)columns);
            int row = (int)(group / (ulong)columns);
            GroupCounts counts = Count(ref cursor, group * framesPerCell, framesPerCell);
            ulong usable = counts.Free + counts.Allocated;
            byte character = 0xDB; // full block
            byte colour;
            if (usable == 0)
            {
                colour = 0x08; // dark grey: reserved
            }
            else if (counts.Allocated == 0)
            {
                colour = 0x02; // green: free
            }
            else if (counts.Allocated == usable)
            {
                colour = 0x04; // red: allocated
            }
            else
            {
                // Red over green, light, medium or dark shade by the share allocated.
                ulong share = counts.Allocated * 3 / usable;
                character = (byte)(0xB0 + (share > 2 ? 2 : (int)share));
                colour = 0x24;
            }

            VgaTextScreen.PutCell(gridLeft + column, 1 + row, character, colour);
            if (column == 0 && row % 4 == 0)
            {
                TextBuilder text = new TextBuilder(new Span<byte>(label, 16));
                text.Append("0x"u8);
                text.AppendHex(group * framesPerCell * FrameBytes, 9);
                PutText(0, 1 + row, text.Text, Text);
            }
        }

        byte* buffer = stackalloc byte[80];
        TextBuilder title = new TextBuilder(new Span<byte>(buffer, 80));
        title.Append("Physical memory: "u8);
        title.AppendDecimal(s_totalFrames);
        title.Append(" frames, "u8);
        title.AppendDecimal(framesPerCell);
        title.Append(" per cell"u8);
        PutText(0, 0, title.Text, 0x0F);
        VgaTextScreen.PutCell(0, Height - 1, 0xDB, 0x02);
        PutText(2, Height - 1, "free"u8, Text);
        VgaTextScreen.PutCell(8, Height - 1, 0xB1, 0x24);
        PutText(10, Height - 1, "part"u8, Text);
        VgaTextScreen.PutCell(16, Height - 1, 0xDB, 0x04);
        PutText(18, Height - 1, "allocated"u8, Text);
        VgaTextScreen.PutCell(29, Height - 1, 0xDB, 0x08);
        PutText(31, Height - 1, "reserved"u8, Text);
        PutText(44, Height - 1, "press a key to return"u8, Text);
    }

    private static void PutText(int column, int row, ReadOnlySpan<byte> text, byte colour)
    {
        for (int i = 0; i < text.Length; i++)
        {
            VgaTextScreen.PutCell(column + i, row, text[i], colour);
        }
    }
}
