// /sys/timer/frequency: the active clock source and every registered source's frequency (the PIT's programmed tick
// rate, the TSC's rate as measured against the PIT at boot). Format: docs/files.md.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Devices;
using MeghaOS.Text;

/// <summary>The timer subsystem's own files.</summary>
public static unsafe class TimerFiles
{
    /// <summary>Writes the text of /sys/timer/frequency.</summary>
    public static int RenderFrequency(Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.Append("active "u8);
        text.Append(Timer.ImplementationName);
        text.Append("\nactive_hz "u8);
        text.AppendDecimal(Timer.FrequencyHz);
        text.AppendByte((byte)'\n');
        ReadOnlySpan<TimerOperations> sources = TimerSubsystem.Implementations;
        for (int i = 0; i < sources.Length; i++)
        {
            TimerOperations source = sources[i];
            text.Append(source.Name);
            text.AppendByte((byte)' ');
            text.AppendDecimal(source.FrequencyHz(source.Context));
            text.AppendByte((byte)'\n');
        }

        return text.Length;
    }
}
