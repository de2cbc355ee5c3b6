// The kernel command line parser and the boot-time choice of implementations (Subsystems/BootOptions.cs).
namespace MeghaOS.Tests.Subsystems;

using System;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class BootOptionsTests : IDisposable
{
    private static string s_colour = "red";
    private static string s_shape = "square";

    public BootOptionsTests()
    {
        SubsystemRegistry.Reset();
        CapturingTerminal.Install();
        s_colour = "red";
        s_shape = "square";
    }

    public void Dispose()
    {
        SubsystemRegistry.Reset();
        MeghaOS.Devices.Terminal.Reset();
    }

    private static List<string> Options(string commandLine)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(commandLine);
        var options = new List<string>();
        int position = 0;
        while (BootOptions.TryReadOption(bytes, ref position, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            options.Add(Encoding.ASCII.GetString(key) + "|" + Encoding.ASCII.GetString(value));
        }

        return options;
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("pmm=buddy", "pmm|buddy")]
    [InlineData("/boot/meghaos.bin pmm=buddy heap=slab console=serial timer=tsc", "pmm|buddy heap|slab console|serial timer|tsc")]
    [InlineData("  \tpmm=buddy\t\theap=slab  ", "pmm|buddy heap|slab")]
    [InlineData("quiet =x pmm= a=b=c", "pmm| a|b=c")]
    [InlineData("heap=slab\0console=vga", "heap|slab")]
    public void ReadsKeyValueWordsAndSkipsTheRest(string commandLine, string expected)
    {
        Assert.Equal(expected, string.Join(" ", Options(commandLine)));
    }

    private static string Colour() => s_colour;

    private static string Shape() => s_shape;

    private static bool Red(void* context) { s_colour = "red"; return true; }

    private static bool Blue(void* context) { s_colour = "blue"; return true; }

    private static bool Square(void* context) { s_shape = "square"; return true; }

    private static bool Circle(void* context) => false; // always refused, like a switch that cannot be done safely

    private static void Declare()
    {
        int colour = SubsystemRegistry.Declare("colour", &Colour);
        SubsystemRegistry.Register(colour, "red", null, &Red);
        SubsystemRegistry.Register(colour, "blue", null, &Blue);
        int shape = SubsystemRegistry.Declare("shape", &Shape);
        SubsystemRegistry.Register(shape, "square", null, &Square);
        SubsystemRegistry.Register(shape, "circle", null, &Circle);
    }

    [Fact]
    public void KnownChoicesAreAppliedAndReported()
    {
        Declare();
        Assert.Equal(0, BootOptions.Apply(Encoding.ASCII.GetBytes("/boot/meghaos.bin colour=blue shape=square")));
        Assert.Equal("blue", s_colour);
        Assert.Equal("boot option colour=blue: active\nboot option shape=square: active\n", CapturingTerminal.Take());
    }

    [Fact]
    public void UnknownNamesAndRefusalsWarnAndKeepTheDefault()
    {
        Declare();
        int warnings = BootOptions.Apply(Encoding.ASCII.GetBytes("colour=green shape=circle size=big colour= colour=blue"));
        Assert.Equal(4, warnings);
        Assert.Equal("blue", s_colour); // the last, valid choice still applies
        Assert.Equal("square", s_shape);
        Assert.Equal(
            "warning: boot option colour=green: no such implementation, keeping red\n" +
            "warning: boot option shape=circle: the switch was refused, keeping square\n" +
            "warning: boot option size=big: unknown option, ignored\n" +
            "warning: boot option colour=: no such implementation, keeping red\n" +
            "boot option colour=blue: active\n",
            CapturingTerminal.Take());
    }

    [Fact]
    public void InitIsTheKernelsOwnOptionAndNeverASubsystemWarning()
    {
        Declare();
        Assert.Equal(0, BootOptions.Apply(Encoding.ASCII.GetBytes("init=/bin/sh colour=blue")));
        Assert.Equal("boot option colour=blue: active\n", CapturingTerminal.Take());
    }

    [Theory]
    [InlineData("init=/bin/sh", "/bin/sh")]
    [InlineData("pmm=buddy init=none heap=slab", "none")]
    [InlineData("init=/bin/a init=/bin/b", "/bin/b")]
    [InlineData("init=", "")]
    [InlineData("pmm=buddy", null)]
    public void FindGivesTheLastValueOfAnOption(string commandLine, string? expected)
    {
        var destination = new byte[64];
        int length = BootOptions.Find(Encoding.ASCII.GetBytes(commandLine), "init"u8, destination);
        Assert.Equal(expected, length < 0 ? null : Encoding.ASCII.GetString(destination, 0, length));
    }

    [Fact]
    public void FindCutsAValueToTheDestination()
    {
        var destination = new byte[4];
        Assert.Equal(4, BootOptions.Find(Encoding.ASCII.GetBytes("init=/bin/init"), "init"u8, destination));
        Assert.Equal("/bin", Encoding.ASCII.GetString(destination));
    }
}
