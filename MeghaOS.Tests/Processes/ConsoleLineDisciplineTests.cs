// The console's canonical mode as a program sees it through read(0): typed bytes are echoed, backspace edits,
// a read returns one completed line (or the part that fits), Ctrl-D on an empty line is end of file, Ctrl-C drops
// the line; a reader with no line waits (OnBlock types the line meanwhile).
namespace MeghaOS.Tests.Processes;

using System;
using System.Text;
using MeghaOS.Processes;
using MeghaOS.Syscalls;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ConsoleLineDisciplineTests : IDisposable
{
    private const ulong Buffer = ProcessHarness.DataBase + 0x1000;
    private readonly ProcessHarness _h = new ProcessHarness();

    public ConsoleLineDisciplineTests() => _h.StartProcess("reader");

    public void Dispose() => _h.Dispose();

    private static string Type(string keys)
    {
        CapturingTerminal.Take();
        foreach (char key in keys)
        {
            ConsoleLineDiscipline.Receive((byte)key);
        }

        return CapturingTerminal.Take();
    }

    private string Read(int count)
    {
        long read = _h.Call(0, 0, Buffer, (ulong)count);
        Assert.True(read >= 0, "read failed: " + read);
        return Encoding.ASCII.GetString(_h.Peek(Buffer, (int)read));
    }

    [Fact]
    public void EchoesAndEditsThenReturnsTheLine()
    {
        Assert.Equal("helo\b \blo\n", Type("helo\blo\r"));
        Assert.Equal("hello\n", Read(100));
    }

    [Fact]
    public void BackspaceOnAnEmptyLineDoesNothing()
    {
        Assert.Equal("", Type("\x7f\b"));
        Assert.Equal(0, ConsoleLineDiscipline.PendingBytes);
    }

    [Fact]
    public void AReadReturnsOneLineAtATime()
    {
        Type("one\ntwo\n");
        Assert.Equal("on", Read(2));
        Assert.Equal("e\n", Read(100));
        Assert.Equal("two\n", Read(100));
    }

    [Fact]
    public void CtrlDIsEndOfFileOnAnEmptyLine()
    {
        Type("abc\x04\x04");
        Assert.Equal("abc", Read(100));
        Assert.Equal("", Read(100));
    }

    [Fact]
    public void CtrlCDropsTheLine()
    {
        _h.Poke(ProcessHarness.DataBase, BitConverter.GetBytes(1UL));
        Assert.Equal(0, _h.Call(13, SyscallFlags.SignalInterrupt, ProcessHarness.DataBase, 0, 8));
        Assert.Equal("ab^C\n", Type("ab\x03"));
        Type("cd\n");
        Assert.Equal("cd\n", Read(100));
        Assert.Equal(ProcessState.Alive, _h.Current->State);
    }

    // The input interrupt handler signalled the foreground when Ctrl-C was typed; the line discipline, which sees the
    // byte later, must not signal again (a program started in between would get a Ctrl-C meant for the one before).
    [Fact]
    public void CtrlCInTheLineDisciplineOnlyDropsTheLine()
    {
        long pid = _h.Call(57); // the reader is init, whom Ctrl-C never reaches; its child, in the foreground tree, would be
        Assert.True(pid > 0);
        Process* child = ProcessTable.Find((int)pid);
        Assert.Equal("ab^C\n", Type("ab\x03"));
        Assert.Equal(0, child->PendingSignal);
        Assert.Empty(_h.InterruptedThreads);
        Assert.Equal(ProcessState.Alive, child->State);
    }

    // A typed byte changes the same counts and ring indices as a read and as the reset an exiting foreground process
    // runs, so it is taken with interrupts off: the completed line wakes its readers from inside that section.
    [Fact]
    public void AByteIsTakenWithInterruptsOff()
    {
        Type("x\n");
        Assert.Equal(1, _h.WakesWithInterruptsOff);
        Assert.Equal(0, _h.WakesWithInterruptsOn);
        Assert.True(_h.InterruptsOn);
    }

    [Fact]
    public void AReaderWaitsForALine()
    {
        _h.OnBlock = () => Type("late\n");
        Assert.Equal("late\n", Read(100));
        Assert.Equal(1, _h.Blocks);
    }

    [Fact]
    public void InputGoesToTheForegroundProgramOnlyWhileItLives()
    {
        Assert.True(ConsoleLineDiscipline.IsActive);
        _h.Call(60, 0);
        Assert.False(ConsoleLineDiscipline.IsActive);
        Assert.Equal(0, ProcessTable.ForegroundId);
    }

    [Fact]
    public void AFullBufferDropsLinesInsteadOfOverwriting()
    {
        for (int i = 0; i < ConsoleLineDiscipline.MaxLines + 5; i++)
        {
            Type("x\n");
        }

        Assert.Equal(ConsoleLineDiscipline.MaxLines * 2, ConsoleLineDiscipline.PendingBytes);
        Assert.Equal("x\n", Read(100));
    }
}
