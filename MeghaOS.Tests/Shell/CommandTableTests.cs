// The command table: its count is its entries, every entry is reachable by its name, help lists every entry, and an
// index or a name outside the table is a failure, never some command.
namespace MeghaOS.Tests.Shell;

using System;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Shell;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class CommandTableTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void CountIsTheNumberOfEntries()
    {
        int entries = 0;
        while (CommandTable.TryGet(entries, out ShellCommand command))
        {
            Assert.True(command.Handler != null);
            entries++;
        }

        Assert.True(entries > 0);
        Assert.Equal(entries, CommandTable.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void IndexOutsideTheTableIsAFailure(int index)
    {
        Assert.False(CommandTable.TryGet(index, out ShellCommand command));
        Assert.True(command.Handler == null);
        Assert.Equal(0, command.Name.Length);
    }

    [Fact]
    public void IndexJustPastTheTableIsAFailure()
    {
        Assert.False(CommandTable.TryGet(CommandTable.Count, out ShellCommand command));
        Assert.True(command.Handler == null);
    }

    [Fact]
    public void EveryCommandIsReachableByItsName()
    {
        var names = new HashSet<string>();
        for (int i = 0; i < CommandTable.Count; i++)
        {
            Assert.True(CommandTable.TryGet(i, out ShellCommand listed));
            string name = Encoding.ASCII.GetString(listed.Name);
            Assert.True(names.Add(name), "two commands are called " + name);
            Assert.StartsWith(name + " ", Encoding.ASCII.GetString(listed.Help));

            Assert.True(CommandTable.TryFind(listed.Name, out ShellCommand found), name + " is not found by its name");
            Assert.True(found.Handler != null);
            Assert.Equal(name, Encoding.ASCII.GetString(found.Name));
            Assert.Equal(Encoding.ASCII.GetString(listed.Help), Encoding.ASCII.GetString(found.Help));
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("")]
    [InlineData("HELP")]
    [InlineData("help ")]
    public void UnknownNamesAreNotFound(string name)
    {
        Assert.False(CommandTable.TryFind(Encoding.ASCII.GetBytes(name), out ShellCommand command));
        Assert.True(command.Handler == null);
    }

    [Fact]
    public void HelpListsEveryCommandInTableOrder()
    {
        string[] lines = KernelHarness.Run("help").TrimEnd('\n').Split('\n');
        Assert.Equal(CommandTable.Count + 1, lines.Length);
        for (int i = 0; i < CommandTable.Count; i++)
        {
            Assert.True(CommandTable.TryGet(i, out ShellCommand command));
            Assert.Equal("  " + Encoding.ASCII.GetString(command.Help), lines[i + 1]);
        }
    }

    [Fact]
    public void HelpNamesTheDocumentedCommands()
    {
        string output = KernelHarness.Run("help");
        foreach (string name in new[] { "help", "ls", "cd", "pwd", "cat", "hexdump", "echo", "mkdir", "stat", "mem", "pmm", "uptime", "sleep", "clear", "reboot", "halt", "panic", "bench", "history" })
        {
            Assert.Contains("\n  " + name + " ", output);
        }
    }
}
