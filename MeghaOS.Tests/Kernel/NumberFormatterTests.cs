// Host tests of the kernel's allocation-free number formatting (MeghaOS.Kernel/Text/NumberFormatter.cs).
namespace MeghaOS.Tests.Kernel;

using System;
using System.Text;
using MeghaOS.Text;
using Xunit;

public sealed class NumberFormatterTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(7UL, "7")]
    [InlineData(4096UL, "4096")]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void FormatsDecimal(ulong value, string expected)
    {
        Span<byte> buffer = stackalloc byte[NumberFormatter.MaxLength];
        int length = NumberFormatter.FormatDecimal(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer.Slice(0, length)));
    }

    [Theory]
    [InlineData(0UL, 1, "0x0")]
    [InlineData(0xB8000UL, 1, "0xb8000")]
    [InlineData(0x1000UL, 12, "0x000000001000")]
    [InlineData(ulong.MaxValue, 16, "0xffffffffffffffff")]
    public void FormatsHex(ulong value, int minDigits, string expected)
    {
        Span<byte> buffer = stackalloc byte[NumberFormatter.MaxLength];
        int length = NumberFormatter.FormatHex(value, minDigits, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer.Slice(0, length)));
    }

    [Fact]
    public void ReturnsZeroWhenTheBufferIsTooSmall()
    {
        Span<byte> buffer = stackalloc byte[3];
        Assert.Equal(0, NumberFormatter.FormatDecimal(12345, buffer));
        Assert.Equal(0, NumberFormatter.FormatHex(0x1234, 1, buffer));
    }
}
