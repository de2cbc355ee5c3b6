// The line editor fed byte by byte: echo, erase, line ends, the length limit, control and escape bytes, history.
namespace MeghaOS.Tests.Shell;

using System;
using MeghaOS.Shell;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class LineEditorTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void TypedLineRunsAndThePromptComesBack()
    {
        string output = KernelHarness.Type("pwd\r");
        Assert.Equal("pwd\n/\nmeghaos:/$ ", output);
    }

    [Fact]
    public void CrLfCountsOnce()
    {
        string output = KernelHarness.Type("pwd\r\n");
        Assert.Equal("pwd\n/\nmeghaos:/$ ", output);
        Assert.Equal("\nmeghaos:/$ ", KernelHarness.Type("\n"));
    }

    [Fact]
    public void LfAloneEndsALine()
    {
        Assert.Equal("pwd\n/\nmeghaos:/$ ", KernelHarness.Type("pwd\n"));
    }

    [Fact]
    public void BackspaceAndDeleteErase()
    {
        string output = KernelHarness.Type("pwx\bd\r");
        Assert.Equal("pwx\b \bd\n/\nmeghaos:/$ ", output);
        output = KernelHarness.Type("pwq\x7f" + "d\r");
        Assert.Equal("pwq\b \bd\n/\nmeghaos:/$ ", output);
    }

    [Fact]
    public void BackspaceOnEmptyLineDoesNothing()
    {
        Assert.Equal("", KernelHarness.Type("\b\b\x7f"));
        Assert.Equal("pwd\n/\nmeghaos:/$ ", KernelHarness.Type("pwd\r"));
    }

    [Fact]
    public void ControlAndHighBytesAreIgnored()
    {
        string output = KernelHarness.Type("p\x01w\x02\x00\x80\u00ff" + "d\r");
        Assert.Equal("pwd\n/\nmeghaos:/$ ", output);
    }

    [Fact]
    public void EscapeSequencesAreSwallowed()
    {
        // Left arrow, a function key, a lone ESC followed by a letter: none of them reaches the line.
        string output = KernelHarness.Type("p\x1b[D\x1b[15~w\x1bxd\r");
        Assert.Equal("pwd\n/\nmeghaos:/$ ", output);
    }

    [Fact]
    public void TooLongLineGivesAMessageAndIsDiscarded()
    {
        string line = new string('x', CommandShell.MaxLineLength);
        string output = KernelHarness.Type(line + "yz");
        Assert.Equal(line + "\nshell: line too long (more than 160 characters); it will be ignored, press Enter\n", output);
        Assert.Equal("\nmeghaos:/$ ", KernelHarness.Type("\r"));
        Assert.Equal("pwd\n/\nmeghaos:/$ ", KernelHarness.Type("pwd\r"));
    }

    [Fact]
    public void LineAtTheLimitIsAccepted()
    {
        string line = "echo " + new string('a', CommandShell.MaxLineLength - 5);
        string output = KernelHarness.Type(line + "\r");
        Assert.Equal(line + "\n" + new string('a', CommandShell.MaxLineLength - 5) + "\nmeghaos:/$ ", output);
    }

    [Fact]
    public void CtrlCAbandonsTheLine()
    {
        Assert.Equal("ls\x5e" + "C\nmeghaos:/$ ", KernelHarness.Type("ls\x03"));
    }

    [Fact]
    public void UpAndDownBrowseHistory()
    {
        KernelHarness.Type("echo one\r");
        KernelHarness.Type("echo two\r");
        Assert.Equal("echo two", KernelHarness.Type("\x1b[A"));
        Assert.Equal("\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \becho one", KernelHarness.Type("\x1b[A"));
        Assert.Equal("", KernelHarness.Type("\x1b[A")); // no older line: nothing changes
        string erase8 = string.Concat(System.Linq.Enumerable.Repeat("\b \b", 8));
        Assert.Equal(erase8 + "echo two", KernelHarness.Type("\x1b[B"));
        Assert.Equal(erase8, KernelHarness.Type("\x1b[B")); // back to an empty new line
        Assert.Equal("", KernelHarness.Type("\x1b[B"));
        Assert.Equal("echo two\ntwo\nmeghaos:/$ ", KernelHarness.Type("\x1bOA\r"));
    }

    [Fact]
    public void HistoryCommandListsOldestFirst()
    {
        KernelHarness.Type("pwd\r");
        KernelHarness.Type("echo hi\r");
        string output = KernelHarness.Type("history\r");
        Assert.Equal("history\n1  pwd\n2  echo hi\n3  history\nmeghaos:/$ ", output);
    }

    [Fact]
    public void RandomInputNeitherCrashesNorHangs()
    {
        var random = new Random(20261124);
        byte[] input = new byte[100 * 1024];
        for (int i = 0; i < input.Length; i++)
        {
            // Mostly printable, with control bytes, ESC sequences, CR/LF and DEL mixed in.
            int kind = random.Next(100);
            input[i] = kind < 80 ? (byte)random.Next(0x20, 0x7F)
                : kind < 88 ? (byte)random.Next(0, 0x20)
                : kind < 93 ? (byte)'\r'
                : kind < 96 ? (byte)0x1B
                : kind < 98 ? (byte)0x7F
                : (byte)random.Next(0x80, 0x100);
        }

        foreach (byte b in input)
        {
            MeghaOS.Shell.CommandShell.Feed(b);
            if (CapturingTerminal.Length > 1 << 20)
            {
                CapturingTerminal.Take();
            }
        }

        CapturingTerminal.Take();

        // The shell still answers, and the files still read.
        string output = KernelHarness.Type("\x03cd /\rpwd\r");
        Assert.EndsWith("pwd\n/\nmeghaos:/$ ", output);
        Assert.Contains("[", KernelHarness.ReadText("/sys/pmm/implementation"));
    }
}
