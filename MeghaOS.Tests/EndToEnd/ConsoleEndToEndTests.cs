// End to end in QEMU: the PS/2 keyboard path (keys pressed through the QEMU monitor's sendkey, effect seen on
// serial, arrow keys for history), the VGA screen (text memory read through the monitor shows the same session, a
// wrapped line erased leaves nothing, an 80-column line takes one row, and screendump writes a PNG), ls of mount
// points, 100 KB of random input that neither crashes nor hangs the kernel, and reboot/halt.
namespace MeghaOS.Tests.EndToEnd;

using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using MeghaOS.Tests.Boot;
using Xunit;

[Collection("QEMU")]
public sealed class ConsoleEndToEndTests : SharedQemuTest
{
    private readonly SharedQemuFixture _kernel;

    public ConsoleEndToEndTests(SharedQemuFixture kernel)
        : base(kernel)
    {
        _kernel = kernel;
    }

    [Fact]
    public void KeyboardTypesCommandsAndTheVgaScreenShowsTheSession()
    {
        QemuSession qemu = _kernel.Qemu;
        int start = qemu.Output.Length;
        TypeOnKeyboard("echo spc kbd42 spc shift-a ret");
        int first = qemu.WaitFor("echo kbd42 A\nkbd42 A\n", SharedQemuFixture.CommandTimeout, start);
        qemu.WaitForPrompt(SharedQemuFixture.CommandTimeout, first);

        // Up arrow and Enter on the keyboard run the line again; Backspace erases.
        qemu.Monitor("sendkey up", SharedQemuFixture.CommandTimeout);
        qemu.Monitor("sendkey ret", SharedQemuFixture.CommandTimeout);
        int second = qemu.WaitFor("echo kbd42 A\nkbd42 A\n", SharedQemuFixture.CommandTimeout, first);
        qemu.WaitForPrompt(SharedQemuFixture.CommandTimeout, second);
        // Esc on the keyboard does nothing (it must not eat the key after it); then a typo erased with Backspace.
        TypeOnKeyboard("esc p w x backspace d ret");
        qemu.WaitFor("pwx\b \bd\n/\n", SharedQemuFixture.CommandTimeout, second);

        // The screen shows the same lines as the serial console: the command, its output and the prompt.
        string catOutput = _kernel.Run("cat /sys/pmm/implementation");
        string[] screen = ShellTranscript.DecodeVgaText(qemu.Monitor("xp /2000hx 0xb8000", SharedQemuFixture.CommandTimeout));
        int command = Array.LastIndexOf(screen, "meghaos:/$ cat /sys/pmm/implementation");
        Assert.True(command >= 0, "command not on screen:\n" + string.Join("\n", screen));
        Assert.Equal(catOutput.TrimEnd('\n'), screen[command + 1]);
        Assert.Equal("meghaos:/$", screen[command + 2]);
        Assert.Contains("kbd42 A", screen);
    }

    [Fact]
    public void TheScreenErasesAWrappedLineAndShowsAn80ColumnLineInOneRow()
    {
        QemuSession qemu = _kernel.Qemu;

        // Typed over serial past the 80th column, then erased to nothing: none of it stays on the screen.
        string typed = "echo " + new string('Q', 100);
        int start = qemu.Output.Length;
        qemu.Send(typed + new string('\x7f', typed.Length));
        qemu.WaitFor(typed + string.Concat(Enumerable.Repeat("\b \b", typed.Length)), SharedQemuFixture.CommandTimeout, start);
        Assert.Equal("/\n", _kernel.Run("pwd"));

        // A line of exactly 80 characters, then the prompt on the very next row (no blank row between).
        string eighty = new string('E', 80);
        Assert.Equal(eighty + "\n", _kernel.Run("echo " + eighty));
        string[] screen = ShellTranscript.DecodeVgaText(qemu.Monitor("xp /2000hx 0xb8000", SharedQemuFixture.CommandTimeout));
        Assert.DoesNotContain(screen, row => row.Contains("QQ", StringComparison.Ordinal));
        int row = Array.LastIndexOf(screen, eighty);
        Assert.True(row >= 0 && row < screen.Length - 1, "the 80-column line is not on screen:\n" + string.Join("\n", screen));
        Assert.Equal("meghaos:/$", screen[row + 1]);
        Assert.Contains("meghaos:/$ pwd", screen);
    }

    [Fact]
    public void LsShowsMountPointsAsStatDoes()
    {
        string stat = _kernel.Run("stat /dev");
        Assert.Contains("access read-only\n", stat);
        string entries = Regex.Match(stat, @"size (\d+)").Groups[1].Value;
        Assert.Contains("d r- " + entries.PadLeft(10) + " dev/\n", _kernel.Run("ls /"));
    }

    [Fact]
    public void ScreendumpWritesAPng()
    {
        _kernel.Run("cat /dev/pab");
        string file = Path.Combine(Path.GetTempPath(), "meghaos-screen-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            Assert.Equal("", _kernel.Qemu.Monitor("screendump " + file + " -f png", SharedQemuFixture.CommandTimeout).Trim());
            byte[] png = File.ReadAllBytes(file);
            Assert.True(png.Length > 1000);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void HundredKilobytesOfRandomInputNeitherCrashNorHang()
    {
        // Its own machine: whatever the random bytes do to the editor must not disturb the other tests.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64);
        qemu.WaitFor(Kernel.Prompt, SharedQemuFixture.BootTimeout);
        string before = qemu.Run("mem", SharedQemuFixture.CommandTimeout);

        var random = new Random(20240604);
        var input = new StringBuilder();
        while (input.Length < 100 * 1024)
        {
            int kind = random.Next(100);
            if (kind < 80)
            {
                input.Append((char)random.Next(0x20, 0x7F)); // printable
            }
            else if (kind < 97)
            {
                input.Append((char)random.Next(0x00, 0x20)); // control: CR, LF, BS, ESC, Ctrl-C among them
            }
            else
            {
                input.Append((char)0x7F);
            }
        }

        // Paced in 2 KiB pieces; QEMU itself only hands the UART what its FIFO can take.
        string text = input.ToString();
        for (int offset = 0; offset < text.Length; offset += 2048)
        {
            qemu.Send(text.Substring(offset, Math.Min(2048, text.Length - offset)));
            Thread.Sleep(5);
        }

        // End whatever escape sequence or line is pending; once the kernel has worked through the input (the
        // marker, which the random bytes cannot contain, comes back), the shell must answer as before.
        qemu.Send("\u0018\r");
        Assert.Equal("end-of-random-input-4821\n", qemu.Run("echo end-of-random-input-4821", TimeSpan.FromSeconds(60)));
        Assert.Equal("/\n", qemu.Run("pwd", SharedQemuFixture.CommandTimeout));
        string after = qemu.Run("mem", SharedQemuFixture.CommandTimeout);
        Assert.True(qemu.IsRunning);
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
        Assert.Equal(ManagedObjects(before), ManagedObjects(after));
    }

    [Fact]
    public void RebootResetsTheMachine()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 32, withMonitor: true);
        qemu.WaitFor(Kernel.Prompt, SharedQemuFixture.BootTimeout);
        Assert.Contains("running", qemu.Monitor("info status", SharedQemuFixture.CommandTimeout));
        qemu.SendLine("reboot");
        qemu.WaitFor("rebooting\n", SharedQemuFixture.CommandTimeout);

        // -no-reboot with -no-shutdown turns a reset into QEMU pausing the machine with the status "shutdown".
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        string status;
        do
        {
            Thread.Sleep(50);
            status = qemu.Monitor("info status", SharedQemuFixture.CommandTimeout);
        }
        while (!status.Contains("shutdown") && deadline.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Contains("paused (shutdown)", status);
    }

    [Fact]
    public void HaltStopsTheMachineWithoutReset()
    {
        using var qemu = QemuSession.Start(BootMedium.Kernel, 32);
        qemu.WaitFor(Kernel.Prompt, SharedQemuFixture.BootTimeout);
        qemu.SendLine("halt");
        int halted = qemu.WaitFor("halting\nSystem halted.\n", SharedQemuFixture.CommandTimeout);
        qemu.SendLine("pwd");
        Thread.Sleep(1000);
        Assert.True(qemu.IsRunning, "QEMU exited: halt reset the machine");
        Assert.Equal(halted, qemu.Output.Length);
    }

    private static long ManagedObjects(string mem)
    {
        Match match = Regex.Match(mem, @"managed objects: (\d+)");
        Assert.True(match.Success, mem);
        return long.Parse(match.Groups[1].Value);
    }

    // Presses keys on the PS/2 keyboard: words are QEMU key names, or runs of letters/digits typed one by one.
    private void TypeOnKeyboard(string keys)
    {
        foreach (string word in keys.Split(' '))
        {
            if (word.Length > 1 && (word.Contains('-') || word is "ret" or "spc" or "up" or "down" or "backspace" or "esc"))
            {
                _kernel.Qemu.Monitor("sendkey " + word, SharedQemuFixture.CommandTimeout);
            }
            else
            {
                foreach (char key in word)
                {
                    _kernel.Qemu.Monitor("sendkey " + key, SharedQemuFixture.CommandTimeout);
                }
            }
        }
    }
}
