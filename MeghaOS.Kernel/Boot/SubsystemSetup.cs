// The kernel command line's subsystem choices: where the command line is kept from boot (all of it, up to
// Multiboot.MaxCommandLineBytes, with a warning past that), and applying it once every subsystem has registered its
// catalog and activated its default (Kernel.BeforeRun).
namespace MeghaOS.Boot;

using System;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Subsystems;

/// <summary>Keeps and applies the kernel command line.</summary>
internal static unsafe class SubsystemSetup
{
    private const int InitPathBytes = 128;

    private static InitPathBuffer s_initPath;

    private static byte* s_commandLine;
    private static int s_commandLineLength;

    /// <summary>Remembers where the Multiboot command line is (the loader's memory stays reserved), if there is one.</summary>
    internal static void KeepCommandLine(byte* multibootInformation)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.InformationBytes);
        if (!Multiboot.TryGetCommandLine(information, out uint address))
        {
            return;
        }

        s_commandLine = DirectMap.Pointer(address);
        s_commandLineLength = Multiboot.CommandLineLength(new ReadOnlySpan<byte>(s_commandLine, Multiboot.MaxCommandLineBytes));
        if (s_commandLineLength == Multiboot.MaxCommandLineBytes)
        {
            Terminal.Write("warning: the kernel command line is longer than "u8);
            SubsystemMessages.WriteDecimal(Multiboot.MaxCommandLineBytes);
            Terminal.Write(" bytes; the rest is ignored\n"u8);
        }
    }

    /// <summary>Applies "pmm=... heap=... console=... timer=..." from the command line (after every registration).</summary>
    internal static void ApplyCommandLine()
    {
        if (s_commandLine != null)
        {
            BootOptions.Apply(new ReadOnlySpan<byte>(s_commandLine, s_commandLineLength));
        }
    }

    /// <summary>The program the boot starts as process 1: init=PATH from the command line, or /bin/init.</summary>
    internal static ReadOnlySpan<byte> InitPath
    {
        get
        {
            if (s_commandLine == null)
            {
                return "/bin/init"u8;
            }

            fixed (byte* path = s_initPath.Bytes)
            {
                int length = BootOptions.Find(new ReadOnlySpan<byte>(s_commandLine, s_commandLineLength), "init"u8,
                    new Span<byte>(path, InitPathBytes));
                return length > 0 ? new ReadOnlySpan<byte>(path, length) : "/bin/init"u8;
            }
        }
    }

    // Where init=PATH is copied (the command line's own bytes stay where the loader put them).
    private struct InitPathBuffer
    {
        public fixed byte Bytes[InitPathBytes];
    }
}
