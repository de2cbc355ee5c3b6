// Boots a MeghaOS image in QEMU headless (no display, serial console on stdin/stdout, -no-reboot) and lets a test
// wait for text, type lines and read everything printed; optionally with the QEMU monitor on a unix socket, to
// press keys on the PS/2 keyboard (sendkey), read the VGA text memory (xp) or take a screendump. QEMU's own stderr
// (its warnings) is kept apart from the serial output the tests compare, and shown in every timeout message. QEMU is
// always killed on Dispose. Reused by the end-to-end shell tests.
namespace MeghaOS.Tests.Boot;

using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

/// <summary>How QEMU loads the kernel.</summary>
public enum BootMedium
{
    /// <summary>qemu -kernel meghaos.bin (Multiboot, QEMU's own loader).</summary>
    Kernel,

    /// <summary>qemu -cdrom meghaos.iso (GRUB), BIOS firmware (SeaBIOS).</summary>
    Iso,

    /// <summary>qemu -cdrom meghaos.iso (GRUB EFI) under UEFI firmware (OVMF, package ovmf; a fresh copy of its variable store per run).</summary>
    UefiIso,
}

/// <summary>One QEMU run of the kernel, driven over its serial console.</summary>
public sealed class QemuSession : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errorOutput = new();
    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string? _monitorPath;
    private Socket? _monitor;
    private string? _firmwareVariables;

    private QemuSession(Process process, string? monitorPath)
    {
        _process = process;
        _monitorPath = monitorPath;
    }

    /// <summary>The directory holding meghaos.bin and meghaos.iso, as built with the tests.</summary>
    public static string ImageDirectory
    {
        get
        {
            foreach (var attribute in typeof(QemuSession).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key == "KernelImageDirectory" && attribute.Value != null)
                {
                    return attribute.Value;
                }
            }

            throw new InvalidOperationException("KernelImageDirectory metadata missing from the test assembly");
        }
    }

    /// <summary>Milliseconds since QEMU was started.</summary>
    public long ElapsedMilliseconds => _clock.ElapsedMilliseconds;

    /// <summary>True while QEMU runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The host CPU time QEMU has used so far (to see that an idle guest halts instead of spinning).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Everything the kernel printed so far on the serial console, with CR LF turned into LF.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString().Replace("\r\n", "\n");
            }
        }
    }

    /// <summary>What QEMU itself wrote to its stderr so far (warnings, errors); never part of <see cref="Output"/>.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_lock)
            {
                return _errorOutput.ToString();
            }
        }
    }

    /// <summary>For failure messages: whether QEMU runs, the serial output so far and QEMU's stderr.</summary>
    public string Describe() =>
        $"QEMU running: {!_process.HasExited}. Serial output so far:\n{Output}\nQEMU stderr:\n{(ErrorOutput.Length == 0 ? "(empty)" : ErrorOutput)}";

    /// <summary>
    /// Starts QEMU with <paramref name="memoryMegabytes"/> MiB of RAM, booting from <paramref name="medium"/>;
    /// <paramref name="commandLine"/> (kernel medium only) is passed with -append as the Multiboot command line.
    /// </summary>
    /// <remarks>
    /// With <paramref name="withMonitor"/>, the QEMU monitor listens on a unix socket (see <see cref="Monitor"/>).
    /// <paramref name="cpu"/> is passed with -cpu (for example "qemu64,-tsc" for a CPU without a time-stamp counter).
    /// <paramref name="memory"/>, when given, is QEMU's -m value instead of <paramref name="memoryMegabytes"/> (for
    /// sizes that are not whole MiB, such as "1600K"); <paramref name="image"/> boots another image of the medium's
    /// kind (an ISO a test made with its own grub.cfg). <paramref name="initrd"/> (kernel medium only) is the initial
    /// ramdisk passed with -initrd: null for the build's own (<see cref="DefaultRamdisk"/>, when it exists and is no
    /// larger than <see cref="KernelModuleLimit"/>), "" for none.
    /// </remarks>
    /// <summary>The initial ramdisk the build put beside the kernel (initrd.cpio; it may not exist).</summary>
    public static string DefaultRamdisk => Path.Combine(ImageDirectory, "initrd.cpio");

    /// <summary>
    /// The largest module QEMU's -kernel loader can pass to this kernel: it places modules right after the image it
    /// loads (at 64 KiB, Boot/LowEntry.asm's Multiboot header) and a page for its strings, and they must end below
    /// the EBDA at 0x9FC00 (beyond, the VGA memory and the BIOS area swallow them). About 360 KiB; a larger ramdisk
    /// boots from the ISO, where GRUB places it anywhere (scripts/run.sh --iso).
    /// </summary>
    public static long KernelModuleLimit(string image)
    {
        long imagePages = (new FileInfo(image).Length + 0xFFF) & ~0xFFFL;
        return 0x9FC00 - 0x10000 - imagePages - 0x2000;
    }

    /// <summary>Above this much guest RAM (16 GiB), the guest's memory is backed without reserving it on the host.</summary>
    public const int HostBackedLimitMegabytes = 16 * 1024;

    public static QemuSession Start(BootMedium medium, int memoryMegabytes = 64, bool withMonitor = false, string? commandLine = null,
        string? cpu = null, string? memory = null, string? image = null, string? initrd = null)
    {
        image ??= Path.Combine(ImageDirectory, medium == BootMedium.Kernel ? "meghaos.bin" : "meghaos.iso");
        string? firmwareVariables = null;
        if (!File.Exists(image))
        {
            throw new FileNotFoundException("kernel image not built (dotnet build MeghaOS.sln builds it)", image);
        }

        var start = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (medium == BootMedium.UefiIso)
        {
            // The firmware's code read-only, and a private copy of its variable store (OVMF writes to it).
            firmwareVariables = Path.Combine(Path.GetTempPath(), "meghaos-ovmf-vars-" + Guid.NewGuid().ToString("N") + ".fd");
            File.Copy(Ovmf.Variables, firmwareVariables);
            start.ArgumentList.Add("-drive");
            start.ArgumentList.Add("if=pflash,format=raw,readonly=on,file=" + Ovmf.Code);
            start.ArgumentList.Add("-drive");
            start.ArgumentList.Add("if=pflash,format=raw,file=" + firmwareVariables);
        }

        start.ArgumentList.Add(medium == BootMedium.Kernel ? "-kernel" : "-cdrom");
        start.ArgumentList.Add(image);
        // The initial ramdisk goes with -kernel as -initrd (the ISO carries its own): the one given, none for "", or
        // the one the build put beside the kernel, when there is one.
        if (initrd == null)
        {
            initrd = File.Exists(DefaultRamdisk) && new FileInfo(DefaultRamdisk).Length <= KernelModuleLimit(image) ? DefaultRamdisk : string.Empty;
        }
        else if (medium == BootMedium.Kernel && initrd.Length != 0 && new FileInfo(initrd).Length > KernelModuleLimit(image))
        {
            throw new ArgumentException($"{initrd} is larger than QEMU's -kernel loader can place ({KernelModuleLimit(image)} bytes; see KernelModuleLimit): boot the ISO", nameof(initrd));
        }

        if (medium == BootMedium.Kernel && initrd.Length != 0)
        {
            start.ArgumentList.Add("-initrd");
            start.ArgumentList.Add(initrd);
        }

        if (commandLine != null)
        {
            start.ArgumentList.Add("-append");
            start.ArgumentList.Add(commandLine);
        }

        if (cpu != null)
        {
            start.ArgumentList.Add("-cpu");
            start.ArgumentList.Add(cpu);
        }

        if (memory == null && memoryMegabytes > HostBackedLimitMegabytes)
        {
            // More RAM than the host has: a backend that reserves nothing, so QEMU touches only the pages the guest writes.
            start.ArgumentList.Add("-object");
            start.ArgumentList.Add("memory-backend-ram,id=ram0,size=" + memoryMegabytes + "M,reserve=off");
            start.ArgumentList.Add("-machine");
            start.ArgumentList.Add("memory-backend=ram0");
        }

        string? monitorPath = withMonitor ? Path.Combine(Path.GetTempPath(), "meghaos-monitor-" + Guid.NewGuid().ToString("N") + ".sock") : null;
        string monitor = monitorPath == null ? "none" : "unix:" + monitorPath + ",server=on,wait=off";
        foreach (string argument in new[] { "-m", memory ?? memoryMegabytes + "M", "-display", "none", "-serial", "stdio", "-monitor", monitor, "-no-reboot", "-no-shutdown" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start");
        var session = new QemuSession(process, monitorPath) { _firmwareVariables = firmwareVariables };
        // Raw reads, not line events: the prompt is not followed by a new line.
        StartReader(session, process.StandardOutput, session._output);
        StartReader(session, process.StandardError, session._errorOutput);

        return session;
    }

    /// <summary>Waits until the output contains <paramref name="text"/> after <paramref name="startIndex"/>; returns the index just past it.</summary>
    public int WaitFor(string text, TimeSpan timeout, int startIndex = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            string output = Output;
            int found = output.IndexOf(text, Math.Min(startIndex, output.Length), StringComparison.Ordinal);
            if (found >= 0)
            {
                return found + text.Length;
            }

            if (deadline.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout.TotalSeconds} s. {Describe()}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Waits for a shell prompt (<see cref="Kernel.PromptPattern"/>, or <paramref name="promptPattern"/> for another
    /// shell's, such as the user shell's) after <paramref name="startIndex"/>; returns the index where it starts.
    /// </summary>
    public int WaitForPrompt(TimeSpan timeout, int startIndex = 0, string? promptPattern = null)
    {
        var deadline = Stopwatch.StartNew();
        var prompt = new Regex(promptPattern ?? Kernel.PromptPattern);
        while (true)
        {
            string output = Output;
            Match match = prompt.Match(output, Math.Min(startIndex, output.Length));
            if (match.Success)
            {
                return match.Index;
            }

            if (deadline.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"no prompt within {timeout.TotalSeconds} s. {Describe()}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Sends bytes to the serial console as they are.</summary>
    public void Send(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    /// <summary>Types <paramref name="line"/> and Enter on the serial console.</summary>
    public void SendLine(string line) => Send(line + "\r");

    /// <summary>
    /// Types a line and returns what was printed up to the next prompt (the echoed line excluded); the kernel shell's
    /// prompt unless <paramref name="promptPattern"/> names another.
    /// </summary>
    public string Run(string line, TimeSpan timeout, string? promptPattern = null)
    {
        int start = Output.Length;
        SendLine(line);
        int echoed = WaitFor(line + "\n", timeout, start);
        int end = WaitForPrompt(timeout, echoed, promptPattern);
        return Output.Substring(echoed, end - echoed);
    }

    /// <summary>Runs a QEMU monitor command (needs <c>withMonitor</c>) and returns its reply, without the echo and the next "(qemu) ".</summary>
    public string Monitor(string command, TimeSpan timeout)
    {
        if (_monitorPath == null)
        {
            throw new InvalidOperationException("QEMU was started without a monitor");
        }

        if (_monitor == null)
        {
            _monitor = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    _monitor.Connect(new UnixDomainSocketEndPoint(_monitorPath));
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < timeout)
                {
                    Thread.Sleep(20);
                }
            }

            ReadMonitorReply(timeout);
        }

        _monitor.Send(Encoding.ASCII.GetBytes(command + "\n"));
        string reply = ReadMonitorReply(timeout);
        // The monitor echoes the command line (with terminal escapes) before the reply.
        int firstLineEnd = reply.IndexOf('\n');
        return firstLineEnd < 0 ? "" : reply.Substring(firstLineEnd + 1).Replace("\r", "");
    }

    /// <summary>Kills QEMU.</summary>
    public void Dispose()
    {
        _monitor?.Dispose();
        if (_monitorPath != null)
        {
            File.Delete(_monitorPath);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        if (_firmwareVariables != null)
        {
            File.Delete(_firmwareVariables);
        }
    }

    private string ReadMonitorReply(TimeSpan timeout)
    {
        var reply = new StringBuilder();
        var buffer = new byte[65536];
        _monitor!.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        while (!reply.ToString().EndsWith("(qemu) ", StringComparison.Ordinal))
        {
            int count = _monitor.Receive(buffer);
            if (count == 0)
            {
                throw new IOException("the QEMU monitor closed the connection");
            }

            reply.Append(Encoding.Latin1.GetString(buffer, 0, count));
        }

        string text = reply.ToString();
        return text.Substring(0, text.Length - "(qemu) ".Length);
    }

    private static void StartReader(QemuSession session, StreamReader reader, StringBuilder into)
    {
        var thread = new Thread(() =>
        {
            var buffer = new char[4096];
            try
            {
                int count;
                while ((count = reader.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (session._lock)
                    {
                        into.Append(buffer, 0, count);
                    }
                }
            }
            catch (IOException)
            {
                // QEMU was killed.
            }
            catch (ObjectDisposedException)
            {
                // The session was disposed.
            }
        })
        { IsBackground = true };
        thread.Start();
    }
}

/// <summary>The strings the kernel prints that tests look for (kept equal to the kernel's constants; see docs/kernel.md).</summary>
public static class Kernel
{
    /// <summary>The shell's prompt in the root directory ("meghaos:CWD$ ").</summary>
    public const string Prompt = "meghaos:/$ ";

    /// <summary>The shell's prompt in any directory.</summary>
    public const string PromptPattern = @"meghaos:/[^\n$]*\$ ";

    /// <summary>The banner's first words.</summary>
    public const string Banner = "MeghaOS - a teaching OS in C#";

    /// <summary>The start of every panic message.</summary>
    public const string PanicMarker = "KERNEL PANIC: ";
}

/// <summary>Where Debian's ovmf package puts the UEFI firmware (scripts/setup.sh installs it).</summary>
public static class Ovmf
{
    /// <summary>The firmware code (4 MiB flash layout).</summary>
    public const string Code = "/usr/share/OVMF/OVMF_CODE_4M.fd";

    /// <summary>The template of the firmware's variable store; each run uses a copy.</summary>
    public const string Variables = "/usr/share/OVMF/OVMF_VARS_4M.fd";
}
