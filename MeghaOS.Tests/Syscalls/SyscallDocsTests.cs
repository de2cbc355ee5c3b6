// docs/syscalls.md and the dispatch table (SyscallTable.cs) say the same thing: every number the table handles is a
// "supported" or "partial" row with the same name and level, every "ENOSYS" row is a number the table does not
// handle (and the dispatcher gives it ENOSYS), and the document lists every number from 0 to 334.
namespace MeghaOS.Tests.Syscalls;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Docs;
using Xunit;

public sealed class SyscallDocsTests
{
    private static Dictionary<int, (string Name, string Status)> Rows()
    {
        string path = Path.Combine(SourceReferences.FindRoot(), "docs", "syscalls.md");
        var rows = new Dictionary<int, (string, string)>();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] cells = line.Split('|').Select(cell => cell.Trim()).ToArray();
            if (cells.Length >= 5 && int.TryParse(cells[1], out int number))
            {
                Assert.False(rows.ContainsKey(number), "number " + number + " is listed twice");
                rows[number] = (cells[2], cells[3]);
            }
        }

        return rows;
    }

    [Fact]
    public void EveryHandledNumberIsDocumentedWithItsLevel()
    {
        Dictionary<int, (string Name, string Status)> rows = Rows();
        foreach (SyscallEntry entry in SyscallTable.Entries)
        {
            Assert.True(rows.ContainsKey(entry.Number), entry.Name + " is not in docs/syscalls.md");
            Assert.Equal(entry.Name, rows[entry.Number].Name);
            Assert.Equal(entry.Support == SyscallSupport.Supported ? "supported" : "partial", rows[entry.Number].Status);
        }
    }

    [Fact]
    public void EveryEnosysRowIsUnhandled()
    {
        foreach ((int number, (string name, string status)) in Rows())
        {
            Assert.Contains(status, new[] { "supported", "partial", "ENOSYS" });
            Assert.True(status == "ENOSYS" ? SyscallTable.IndexOf(number) < 0 : SyscallTable.IndexOf(number) >= 0,
                number + " " + name + " is '" + status + "' in the document but not in the table, or the reverse");
        }
    }

    [Fact]
    public void EveryNumberUpTo334IsListed()
    {
        Dictionary<int, (string Name, string Status)> rows = Rows();
        Assert.All(Enumerable.Range(0, 335), number => Assert.True(rows.ContainsKey(number), "missing " + number));
        Assert.Contains(435, rows.Keys); // clone3, of the newer numbers
    }

    [Fact]
    public void TheTableHasNoDuplicateNumbers()
    {
        int[] numbers = SyscallTable.Entries.Select(entry => entry.Number).ToArray();
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        Assert.All(numbers, number => Assert.InRange(number, 0, SyscallDispatcher.MaxNumber - 1));
    }
}
