// /sys/timer/frequency: the active clock source and every registered source's frequency (the PIT's programmed tick
// rate, the TSC's rate as measured against the PIT at boot). Format: docs/files.md.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Adds the timer's files to sysfs (the timer subsystem's AddFiles hook).</summary>
public static unsafe class TimerFiles
{
    /// <summary>Creates /sys/timer/frequency in <paramref name="directory"/>.</summary>
    public static bool Add(in FileSystemOperations sysfs, int directory)
    {
        SyntheticFileOperations frequency = default;
        frequency.Kind = VfsNodeKind.File;
        frequency.Render = &RenderFrequency;
        return SyntheticFileSystem.AddFile(sysfs, directory, "frequency"u8, frequency) >= 0;
    }

    /// <summary>Writes the text of /sys/timer/frequency.</summary>
    public static int RenderFrequency(void* context, Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.Append("active "u8);
        text.Append(Timer.ImplementationName);
        text.Append("\nactive_hz "u8);
        text.AppendDecimal(Timer.FrequencyHz);
        text.AppendByte((byte)'\n');
        for (int i = 0; i < TimerSubsystem.Count; i++)
        {
            TimerOperations source = TimerSubsystem.Get(i);
            text.Append(source.Name);
            text.AppendByte((byte)' ');
            text.AppendDecimal(source.FrequencyHz(source.Context));
            text.AppendByte((byte)'\n');
        }

        return text.Length;
    }
}
