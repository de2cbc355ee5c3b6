// The boot messages of the subsystem mechanism: whatever could not be registered, placed or activated is named on
// the console, never left out silently. One wording for every subsystem.
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Devices;
using MeghaOS.Text;

/// <summary>Writes the mechanism's warnings to the console.</summary>
public static class SubsystemMessages
{
    /// <summary>"warning: pmm implementation 'x' left out: REASON" (nothing for Success).</summary>
    public static void ReportRegistration(string subsystem, string? implementation, RegistrationStatus status)
    {
        if (status == RegistrationStatus.Success)
        {
            return;
        }

        BeginLeftOut(subsystem, implementation);
        switch (status)
        {
            case RegistrationStatus.Full: Terminal.Write("the registry is full"u8); break;
            case RegistrationStatus.Duplicate: Terminal.Write("an implementation of that name is registered already"u8); break;
            case RegistrationStatus.UnknownSubsystem: Terminal.Write("the subsystem could not be declared"u8); break;
            default: Terminal.Write("its description is incomplete"u8); break;
        }

        Terminal.WriteByte((byte)'\n');
    }

    /// <summary>"warning: heap: no implementation could be activated" when a subsystem's default could not come up.</summary>
    public static void ReportNoDefault(string subsystem)
    {
        Terminal.Write("warning: "u8);
        Terminal.Write(subsystem);
        Terminal.Write(": no implementation could be activated\n"u8);
    }

    /// <summary>Starts "warning: SUBSYSTEM implementation 'NAME' left out: ".</summary>
    public static void BeginLeftOut(string subsystem, string? implementation)
    {
        Terminal.Write("warning: "u8);
        Terminal.Write(subsystem);
        Terminal.Write(" implementation '"u8);
        if (implementation != null)
        {
            Terminal.Write(implementation);
        }

        Terminal.Write("' left out: "u8);
    }

    /// <summary>Writes <paramref name="value"/> in decimal.</summary>
    public static void WriteDecimal(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal(value, digits)));
    }

    /// <summary>Writes <paramref name="value"/> as 0x and hex digits.</summary>
    public static void WriteHex(ulong value)
    {
        Span<byte> digits = stackalloc byte[16];
        Terminal.Write("0x"u8);
        Terminal.Write(digits.Slice(0, NumberFormat.FormatHex(value, 1, digits)));
    }
}
