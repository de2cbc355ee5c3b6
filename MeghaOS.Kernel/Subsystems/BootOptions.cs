// The kernel command line's implementation choices: "pmm=buddy heap=slab console=serial timer=tsc". Each KEY=VALUE
// word whose key is a declared subsystem activates that implementation through the registry, in command-line order,
// exactly as writing VALUE to /sys/KEY/implementation would, and says so in one line. An unknown key, an unknown implementation or a refused
// switch prints one warning line and keeps what was active. Words without '=' (GRUB and QEMU put the image path
// first) are skipped. Shared code: host tests drive it with byte strings.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Text;
using MeghaOS.Devices;

/// <summary>Parses the kernel command line and applies its subsystem choices.</summary>
public static class BootOptions
{
    /// <summary>
    /// Reads the next KEY=VALUE word at or after <paramref name="position"/> (advanced past it). Words are separated by
    /// spaces or tabs and end at a NUL; words without '=' or with an empty key are skipped. False when none is left.
    /// </summary>
    public static bool TryReadOption(ReadOnlySpan<byte> commandLine, ref int position, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        while (position < commandLine.Length)
        {
            while (position < commandLine.Length && IsBlank(commandLine[position]))
            {
                position++;
            }

            int start = position;
            while (position < commandLine.Length && !IsBlank(commandLine[position]) && commandLine[position] != 0)
            {
                position++;
            }

            int end = position;
            if (position < commandLine.Length && commandLine[position] == 0)
            {
                position = commandLine.Length; // the string ends at its NUL
            }

            int equals = -1;
            for (int i = start; i < end; i++)
            {
                if (commandLine[i] == (byte)'=')
                {
                    equals = i;
                    break;
                }
            }

            if (equals > start)
            {
                key = commandLine.Slice(start, equals - start);
                value = commandLine.Slice(equals + 1, end - equals - 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Copies the value of option <paramref name="key"/> on <paramref name="commandLine"/> (the last one when it is
    /// given more than once) into <paramref name="destination"/> and returns its length, cut to the destination's;
    /// -1 when the option is not there.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> commandLine, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        int length = -1;
        int position = 0;
        while (TryReadOption(commandLine, ref position, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> text))
        {
            if (Bytes.Equal(name, key))
            {
                length = Bytes.Copy(text.Length > destination.Length ? text.Slice(0, destination.Length) : text, destination);
            }
        }

        return length;
    }

    // Options the kernel reads itself rather than a subsystem choice: init=PATH (Boot/UserPrograms.cs).
    private static bool IsKernelOption(ReadOnlySpan<byte> key) => Bytes.Equal(key, "init"u8);

    /// <summary>
    /// Applies every subsystem choice on <paramref name="commandLine"/>, printing one line per choice ("boot option
    /// heap=slab: active", or a warning); returns how many warnings it printed.
    /// </summary>
    public static int Apply(ReadOnlySpan<byte> commandLine)
    {
        int warnings = 0;
        int position = 0;
        while (TryReadOption(commandLine, ref position, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            if (IsKernelOption(key))
            {
                continue;
            }

            int subsystem = SubsystemRegistry.Find(key);
            if (subsystem < 0)
            {
                Report(key, value, "unknown option, ignored"u8, null, true);
                warnings++;
                continue;
            }

            switch (SubsystemRegistry.Activate(subsystem, value))
            {
                case ActivationStatus.Success:
                    Report(key, value, "active"u8, null, false);
                    break;
                case ActivationStatus.Refused:
                    Report(key, value, "the switch was refused, keeping "u8, SubsystemRegistry.ActiveNameOf(subsystem), true);
                    warnings++;
                    break;
                default:
                    Report(key, value, "no such implementation, keeping "u8, SubsystemRegistry.ActiveNameOf(subsystem), true);
                    warnings++;
                    break;
            }
        }

        return warnings;
    }

    // "boot option heap=slab: active", "warning: boot option heap=foo: no such implementation, keeping freelist"
    private static void Report(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<byte> message, string? active, bool isWarning)
    {
        if (isWarning)
        {
            Terminal.Write("warning: "u8);
        }

        Terminal.Write("boot option "u8);
        Terminal.Write(key);
        Terminal.WriteByte((byte)'=');
        Terminal.Write(value);
        Terminal.Write(": "u8);
        Terminal.Write(message);
        if (active != null)
        {
            Terminal.Write(active);
        }

        Terminal.WriteByte((byte)'\n');
    }

    private static bool IsBlank(byte value) => value == (byte)' ' || value == (byte)'\t';
}
