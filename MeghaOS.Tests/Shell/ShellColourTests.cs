// The shell marks its prompt and its error lines for the screens (Terminal.SetColour): the mark comes before the
// text and Normal comes back before the line's newline, so scrolling never fills a new line with an error's colour.
namespace MeghaOS.Tests.Shell;

using System;
using MeghaOS.Shell;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed class ShellColourTests : IDisposable
{
    private readonly KernelHarness _kernel = new KernelHarness();

    public void Dispose()
    {
        CapturingTerminal.MarkColours = false;
        _kernel.Dispose();
    }

    [Fact]
    public void ThePromptAndErrorLinesAreMarked()
    {
        CapturingTerminal.MarkColours = true;
        CapturingTerminal.Take();
        CommandShell.WritePrompt();
        Assert.Equal("{Prompt}meghaos:/${Normal} ", CapturingTerminal.Take());
        Assert.Equal("{Error}unknown command: nope (type help for the list){Normal}\n", KernelHarness.Run("nope"));
        Assert.Equal("{Error}hexdump: usage: hexdump FILE [OFFSET [LENGTH]]{Normal}\n", KernelHarness.Run("hexdump"));
        string missing = KernelHarness.Run("cat /nope");
        Assert.StartsWith("{Error}cat: /nope: ", missing);
        Assert.EndsWith("{Normal}\n", missing);
        Assert.Equal("hello\n", KernelHarness.Run("echo hello"));
    }
}
