// Decoding what the shell prints, for the end-to-end tests: `cat` hex rows of /dev/pab (with frame labels),
// `hexdump` rows (the hexdump -C layout), /sys/pmm/stats, and the VGA text buffer read through the QEMU monitor.
// Every decoder checks the layout it relies on (docs/shell.md, docs/files.md), so a format change fails loudly.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

/// <summary>Parsers of shell and monitor output.</summary>
public static class ShellTranscript
{
    private static readonly Regex CatRow = new(@"^([0-9a-f]{8}) frame +(\d+): ((?:[0-9a-f]{2})(?: [0-9a-f]{2}){0,15})$");
    private static readonly Regex HexdumpRow = new(@"^([0-9a-f]{8})  (.{49}) \|(.{1,16})\|$");
    private static readonly Regex HexdumpEnd = new(@"^([0-9a-f]{8})$");
    private static readonly Regex MonitorRow = new(@"^[0-9a-f]{16}: ((?:0x[0-9a-f]{4} ?)+)$");

    /// <summary>
    /// What `pmm check` prints when the PMM <paramref name="implementation"/> is consistent and the kernel heaps agree
    /// with it (docs/shell.md), as a pattern.
    /// </summary>
    public static string ConsistentPattern(string implementation) =>
        "^pmm " + Regex.Escape(implementation) + @": consistent\nkernel heap: \d+ frames? in \d+ allocations?, as the PMM records them\n$";

    /// <summary>The bytes of `cat /dev/pab` output; checks each row's offset and frame label.</summary>
    public static byte[] DecodeCatPab(string output)
    {
        var bytes = new List<byte>();
        foreach (string line in Lines(output))
        {
            Match row = CatRow.Match(line);
            Assert.True(row.Success, $"not a cat row of /dev/pab: '{line}'");
            long offset = long.Parse(row.Groups[1].Value, NumberStyles.HexNumber);
            Assert.Equal(bytes.Count, offset);
            Assert.Equal(offset * 8, long.Parse(row.Groups[2].Value));
            foreach (string pair in row.Groups[3].Value.Split(' '))
            {
                bytes.Add(byte.Parse(pair, NumberStyles.HexNumber));
            }
        }

        return bytes.ToArray();
    }

    /// <summary>The bytes of `hexdump FILE` output; checks offsets, the character column and the final length line.</summary>
    public static byte[] DecodeHexdump(string output)
    {
        var bytes = new List<byte>();
        string[] lines = Lines(output);
        Assert.NotEmpty(lines);
        for (int i = 0; i < lines.Length - 1; i++)
        {
            Match row = HexdumpRow.Match(lines[i]);
            Assert.True(row.Success, $"not a hexdump row: '{lines[i]}'");
            Assert.Equal(bytes.Count, long.Parse(row.Groups[1].Value, NumberStyles.HexNumber));
            string hex = row.Groups[2].Value;
            var rowBytes = new List<byte>();
            for (int column = 0; column < 16; column++)
            {
                int at = column * 3 + (column >= 8 ? 1 : 0);
                string pair = hex.Substring(at, 2);
                if (pair != "  ")
                {
                    rowBytes.Add(byte.Parse(pair, NumberStyles.HexNumber));
                }
            }

            var characters = new StringBuilder();
            foreach (byte b in rowBytes)
            {
                characters.Append(b >= 0x20 && b <= 0x7E ? (char)b : '.');
            }

            Assert.Equal(characters.ToString(), row.Groups[3].Value);
            bytes.AddRange(rowBytes);
        }

        Match end = HexdumpEnd.Match(lines[^1]);
        Assert.True(end.Success, $"hexdump does not end with the length: '{lines[^1]}'");
        Assert.Equal(bytes.Count, long.Parse(end.Groups[1].Value, NumberStyles.HexNumber));
        return bytes.ToArray();
    }

    /// <summary>The "key value" lines of /sys/pmm/stats.</summary>
    public static Dictionary<string, string> DecodeStats(string output)
    {
        var stats = new Dictionary<string, string>();
        foreach (string line in Lines(output))
        {
            string[] parts = line.Split(' ');
            Assert.Equal(2, parts.Length);
            stats.Add(parts[0], parts[1]);
        }

        Assert.Equal(10, stats.Count);
        return stats;
    }

    /// <summary>The 25 lines of the 80x25 VGA text screen, from the monitor's `xp /2000hx 0xb8000` reply.</summary>
    public static string[] DecodeVgaText(string monitorReply)
    {
        var characters = new StringBuilder();
        foreach (string line in Lines(monitorReply))
        {
            Match row = MonitorRow.Match(line.Trim());
            Assert.True(row.Success, $"not an xp row: '{line}'");
            foreach (string cell in row.Groups[1].Value.Trim().Split(' '))
            {
                byte character = (byte)(Convert.ToUInt16(cell, 16) & 0xFF);
                characters.Append(character == 0 ? ' ' : (char)character);
            }
        }

        Assert.Equal(80 * 25, characters.Length);
        var screen = new string[25];
        for (int row = 0; row < 25; row++)
        {
            screen[row] = characters.ToString(row * 80, 80).TrimEnd();
        }

        return screen;
    }

    /// <summary>Number of 1 bits.</summary>
    public static long CountOnes(byte[] bytes)
    {
        long ones = 0;
        foreach (byte b in bytes)
        {
            ones += System.Numerics.BitOperations.PopCount(b);
        }

        return ones;
    }

    /// <summary>Whether frame <paramref name="frame"/>'s bit is 1 (docs/pab.md: bit n % 8 of byte n / 8).</summary>
    public static bool IsSet(byte[] pab, long frame) => (pab[frame / 8] & (1 << (int)(frame % 8))) != 0;

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
