// Console outputs on the subsystem mechanism: switching moves where text goes, and refuses unknown names.
namespace MeghaOS.Tests.Subsystems;

using System;
using System.Text;
using MeghaOS.Devices;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class ConsoleSubsystemTests : IDisposable
{
    private static readonly StringBuilder s_left = new();
    private static readonly StringBuilder s_right = new();

    public ConsoleSubsystemTests()
    {
        Terminal.Reset();
        SubsystemRegistry.Reset();
        ConsoleSubsystem.Reset();
        s_left.Clear();
        s_right.Clear();
        Assert.Equal(RegistrationStatus.Success, ConsoleSubsystem.Register(new TerminalOperations { Name = "left", Write = &WriteLeft, Clear = &Nothing }));
        Assert.Equal(RegistrationStatus.Success, ConsoleSubsystem.Register(new TerminalOperations { Name = "right", Write = &WriteRight, Clear = &Nothing }));
        Assert.Equal(RegistrationStatus.Success, ConsoleSubsystem.Register(new TerminalOperations { Name = "both", Write = &WriteBoth, Clear = &Nothing }));
        Assert.Equal(RegistrationStatus.Incomplete, ConsoleSubsystem.Register(new TerminalOperations { Name = "broken" })); // incomplete table
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(ConsoleSubsystem.Id, "both"u8));
    }

    public void Dispose()
    {
        Terminal.Reset();
        SubsystemRegistry.Reset();
        ConsoleSubsystem.Reset();
    }

    private static void WriteLeft(void* context, ReadOnlySpan<byte> text) => s_left.Append(Encoding.ASCII.GetString(text));

    private static void WriteRight(void* context, ReadOnlySpan<byte> text) => s_right.Append(Encoding.ASCII.GetString(text));

    private static void WriteBoth(void* context, ReadOnlySpan<byte> text)
    {
        WriteLeft(context, text);
        WriteRight(context, text);
    }

    private static void Nothing(void* context)
    {
    }

    [Fact]
    public void SwitchingMovesTheOutput()
    {
        Terminal.Write("1"u8);
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(ConsoleSubsystem.Id, "left"u8));
        Terminal.Write("2"u8);
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(ConsoleSubsystem.Id, "right"u8));
        Terminal.Write("3"u8);
        Assert.Equal(ActivationStatus.UnknownImplementation, SubsystemRegistry.Activate(ConsoleSubsystem.Id, "printer"u8));
        Terminal.Write("4"u8);
        Assert.Equal("12", s_left.ToString());
        Assert.Equal("134", s_right.ToString());
        byte[] buffer = new byte[64];
        int length = SubsystemRegistry.WriteImplementationList(ConsoleSubsystem.Id, buffer);
        Assert.Equal("left [right] both\n", Encoding.ASCII.GetString(buffer, 0, length));
    }
}
