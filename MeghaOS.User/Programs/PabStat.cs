// pabstat [PAB [STATS]]: reads the physical allocation bitmap (default /dev/pab; format in docs/pab.md) through
// read() and prints how many frames are used and free, whether that agrees with the PMM's own figures (default
// /sys/pmm/stats, docs/files.md) and a coarse map of physical memory. Output (docs/user-programs.md):
//   frames 32736
//   used 866
//   free 31870
//   stats agree: free_frames 31870, allocated_frames + reserved_frames 866
//   map: each character is 32 frames (128 KiB): '.' all free, '+' partly used, '#' all used
//   0x0000000000000000 ##+.............................................................
// Without a readable STATS every bit of the file counts as a frame (a note says so). pabstat takes all the memory it
// needs before the reading of the stats it compares with, so its own allocations do not skew the comparison. Exit status 1 when a file
// cannot be read, STATS is malformed or the PAB's length does not fit total_frames; 3 when the counts disagree.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class PabStat
{
    // The PMMs manage at most 2^26 frames (256 GiB): an 8 MiB bitmap.
    private const int MaxPabBytes = 8 * 1024 * 1024;
    private const int MapColumns = 64;
    private const int MapRows = 16;

    private static int Main(string[] args)
    {
        if (args.Length > 2)
        {
            Output.Error("pabstat", "usage: pabstat [PAB [STATS]]");
            return 2;
        }

        string pabPath = args.Length > 0 ? args[0] : "/dev/pab";
        string statsPath = args.Length > 1 ? args[1] : "/sys/pmm/stats";

        // Nothing pabstat does may change the PMM between its reading of the stats and of the PAB, so everything that
        // can take memory comes first: a first look at the stats (for the PAB's size), opening the PAB, the buffer,
        // touched page by page (a kernel that fills pages on first touch allocates them now). Then the stats are read
        // again, and those are the figures compared with the PAB read right after them.
        int statsResult = ReadStats(statsPath, out ulong totalFrames, out ulong freeFrames, out ulong usedFrames);
        if (statsResult > 0)
        {
            return 1;
        }

        long fd = Arguments.OpenInput("pabstat", pabPath);
        if (fd < 0)
        {
            return 1;
        }

        // One byte more than expected, to see a PAB that is too long.
        ulong capacity = statsResult == 0 ? (totalFrames + 7) / 8 + 1 : MaxPabBytes + 1;
        if (capacity > MaxPabBytes + 1)
        {
            Output.Error("pabstat", statsPath, "total_frames is more than a PMM manages (2^26)");
            return 1;
        }

        byte* pab = UserMemory.Allocate(capacity);
        if (pab == null)
        {
            Output.Error("pabstat", pabPath, -Errno.NoMemory);
            return 1;
        }

        for (ulong page = 0; page < capacity; page += 4096)
        {
            pab[page] = 0;
        }

        if (statsResult == 0 && ReadStats(statsPath, out totalFrames, out freeFrames, out usedFrames) != 0)
        {
            Output.Error("pabstat", statsPath, "could not be read a second time");
            return 1;
        }

        if (statsResult == 0 && (totalFrames + 7) / 8 + 1 > capacity)
        {
            Output.Error("pabstat", statsPath, "total_frames changed between two reads");
            return 1;
        }
        long length = 0;
        while ((ulong)length < capacity)
        {
            long count = Files.Read((int)fd, new Span<byte>(pab + length, (int)(capacity - (ulong)length)));
            if (count < 0)
            {
                Output.Error("pabstat", pabPath, count);
                return 1;
            }

            if (count == 0)
            {
                break;
            }

            length += count;
        }

        if (length > MaxPabBytes)
        {
            Output.Error("pabstat", pabPath, "longer than 8 MiB: not a PAB");
            return 1;
        }

        if (statsResult < 0)
        {
            totalFrames = (ulong)length * 8;
            Output.Error("pabstat", statsPath, "not readable; every bit of the PAB counts as a frame");
        }
        else if ((totalFrames + 7) / 8 != (ulong)length)
        {
            byte* buffer = stackalloc byte[128];
            TextBuilder message = new TextBuilder(new Span<byte>(buffer, 128));
            if ((ulong)length > (totalFrames + 7) / 8)
            {
                message.Append("more than "u8);
            }

            message.AppendDecimal((ulong)length > (totalFrames + 7) / 8 ? (totalFrames + 7) / 8 : (ulong)length);
            message.Append(" bytes, but total_frames "u8);
            message.AppendDecimal(totalFrames);
            message.Append(" needs "u8);
            message.AppendDecimal((totalFrames + 7) / 8);
            Output.Error("pabstat", pabPath, CString.ToString(message.Text));
            return 1;
        }

        ulong used = 0;
        for (ulong frame = 0; frame < totalFrames; frame++)
        {
            used += IsUsed(pab, frame) ? 1UL : 0UL;
        }

        PrintFigure("frames "u8, totalFrames);
        PrintFigure("used "u8, used);
        PrintFigure("free "u8, totalFrames - used);
        int status = 0;
        if (statsResult == 0)
        {
            bool agree = freeFrames == totalFrames - used && usedFrames == used;
            byte* buffer = stackalloc byte[160];
            TextBuilder line = new TextBuilder(new Span<byte>(buffer, 160));
            line.Append(agree ? "stats agree: free_frames "u8 : "stats DISAGREE: free_frames "u8);
            line.AppendDecimal(freeFrames);
            line.Append(", allocated_frames + reserved_frames "u8);
            line.AppendDecimal(usedFrames);
            line.AppendByte((byte)'\n');
            Output.Print(line.Text);
            status = agree ? 0 : 3;
        }

        PrintMap(pab, totalFrames);
        return status;
    }

    private static bool IsUsed(byte* pab, ulong frame) => (pab[frame / 8] & (1 << (int)(frame % 8))) != 0;

    private static void PrintFigure(ReadOnlySpan<byte> key, ulong value)
    {
        byte* buffer = stackalloc byte[64];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, 64));
        line.Append(key);
        line.AppendDecimal(value);
        line.AppendByte((byte)'\n');
        Output.Print(line.Text);
    }

    // At most 16 rows of 64 characters; each character covers the same whole number of frames (the last one fewer).
    private static void PrintMap(byte* pab, ulong totalFrames)
    {
        if (totalFrames == 0)
        {
            return;
        }

        ulong cells = (ulong)(MapColumns * MapRows);
        ulong perCell = (totalFrames + cells - 1) / cells;
        byte* buffer = stackalloc byte[160];
        TextBuilder header = new TextBuilder(new Span<byte>(buffer, 160));
        header.Append("map: each character is "u8);
        header.AppendDecimal(perCell);
        header.Append(perCell == 1 ? " frame ("u8 : " frames ("u8);
        header.AppendDecimal(perCell * 4);
        header.Append(" KiB): '.' all free, '+' partly used, '#' all used\n"u8);
        Output.Print(header.Text);

        ulong frame = 0;
        while (frame < totalFrames)
        {
            TextBuilder row = new TextBuilder(new Span<byte>(buffer, 160));
            row.Append("0x"u8);
            row.AppendHex(frame * 4096, 16);
            row.AppendByte((byte)' ');
            for (int column = 0; column < MapColumns && frame < totalFrames; column++)
            {
                ulong end = frame + perCell < totalFrames ? frame + perCell : totalFrames;
                ulong used = 0;
                for (ulong f = frame; f < end; f++)
                {
                    used += IsUsed(pab, f) ? 1UL : 0UL;
                }

                row.AppendByte(used == 0 ? (byte)'.' : used == end - frame ? (byte)'#' : (byte)'+');
                frame = end;
            }

            row.AppendByte((byte)'\n');
            Output.Print(row.Text);
        }
    }

    // 0: read; -1: not readable (the caller goes on without); 1: malformed (reported).
    private static int ReadStats(string path, out ulong total, out ulong free, out ulong used)
    {
        total = 0;
        free = 0;
        used = 0;
        long fd = Files.Open(path, Syscall.OpenReadOnly | Syscall.OpenCloseOnExec);
        if (fd < 0)
        {
            return -1;
        }

        const int Capacity = 1024;
        byte* text = stackalloc byte[Capacity];
        int length = 0;
        while (length < Capacity)
        {
            long count = Files.Read((int)fd, new Span<byte>(text + length, Capacity - length));
            if (count <= 0)
            {
                break;
            }

            length += (int)count;
        }

        Files.Close((int)fd);
        ulong allocated = 0;
        ulong reserved = 0;
        int found = 0;
        int start = 0;
        while (start < length)
        {
            int end = start;
            while (end < length && text[end] != (byte)'\n')
            {
                end++;
            }

            ReadOnlySpan<byte> line = new ReadOnlySpan<byte>(text + start, end - start);
            int space = Bytes.IndexOf(line, (byte)' ');
            if (space > 0)
            {
                ReadOnlySpan<byte> key = line.Slice(0, space);
                bool number = NumberParse.TryParseUnsigned(line.Slice(space + 1), out ulong value);
                if (Bytes.Equal(key, "total_frames"u8) && number)
                {
                    total = value;
                    found |= 1;
                }
                else if (Bytes.Equal(key, "free_frames"u8) && number)
                {
                    free = value;
                    found |= 2;
                }
                else if (Bytes.Equal(key, "allocated_frames"u8) && number)
                {
                    allocated = value;
                    found |= 4;
                }
                else if (Bytes.Equal(key, "reserved_frames"u8) && number)
                {
                    reserved = value;
                    found |= 8;
                }
            }

            start = end + 1;
        }

        if (found != 15)
        {
            Output.Error("pabstat", path, "needs total_frames, free_frames, allocated_frames and reserved_frames (docs/files.md)");
            return 1;
        }

        used = allocated + reserved;
        return 0;
    }
}
