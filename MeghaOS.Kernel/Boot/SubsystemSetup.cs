// The kernel command line's subsystem choices: where the command line is kept from boot, and applying it once every
// subsystem has registered its catalog and activated its default (Kernel.BeforeRun).
namespace MeghaOS.Boot;

using System;
using MeghaOS.Subsystems;

/// <summary>Keeps and applies the kernel command line.</summary>
internal static unsafe class SubsystemSetup
{
    private const int MaxCommandLineBytes = 4096;

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

        s_commandLine = (byte*)address;
        s_commandLineLength = 0;
        while (s_commandLineLength < MaxCommandLineBytes && s_commandLine[s_commandLineLength] != 0)
        {
            s_commandLineLength++;
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
}
