// Number formatting and parsing used by the shell and the sysfs files.
namespace MeghaOS.Tests.Text;

using System;
using System.Text;
using MeghaOS.Text;
using Xunit;

public class NumberTextTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(7UL, "7")]
    [InlineData(4096UL, "4096")]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void FormatDecimalWritesDigits(ulong value, string expected)
    {
        byte[] buffer = new byte[NumberFormat.MaxDecimalDigits];
        int length = NumberFormat.FormatDecimal(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public void FormatDecimalReportsZeroWhenTooSmall()
    {
        Assert.Equal(0, NumberFormat.FormatDecimal(12345, new byte[4]));
    }

    [Theory]
    [InlineData(0UL, 3, "000")]
    [InlineData(5UL, 3, "005")]
    [InlineData(45UL, 3, "045")]
    [InlineData(12345UL, 3, "12345")]
    [InlineData(7UL, 0, "7")]
    [InlineData(7UL, 99, "00000000000000000007")]
    public void FormatDecimalPadsWithZeros(ulong value, int digits, string expected)
    {
        byte[] buffer = new byte[NumberFormat.MaxDecimalDigits];
        int length = NumberFormat.FormatDecimal(value, digits, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(9UL, 1)]
    [InlineData(10UL, 2)]
    [InlineData(999UL, 3)]
    [InlineData(1000UL, 4)]
    [InlineData(ulong.MaxValue, 20)]
    public void DecimalDigitCountCountsDigits(ulong value, int expected)
    {
        Assert.Equal(expected, NumberFormat.DecimalDigitCount(value));
    }

    [Fact]
    public void TextBuilderPadsNumbers()
    {
        byte[] buffer = new byte[64];
        TextBuilder text = new TextBuilder(buffer);
        text.AppendDecimalPadded(42, 6);
        text.AppendByte((byte)'|');
        text.AppendDecimal(7, 3);
        text.AppendByte((byte)'|');
        text.AppendHex(0xAB, 4);
        text.AppendByte((byte)'|');
        text.AppendDecimalPadded(1234567, 3);
        Assert.False(text.Overflowed);
        Assert.Equal("    42|007|00ab|1234567", Encoding.ASCII.GetString(text.Text));
    }

    [Theory]
    [InlineData(0UL, 1, "0")]
    [InlineData(0xABUL, 2, "ab")]
    [InlineData(0xABUL, 8, "000000ab")]
    [InlineData(0x123456789ABCDEF0UL, 4, "123456789abcdef0")]
    public void FormatHexPadsAndUsesLowerCase(ulong value, int digits, string expected)
    {
        byte[] buffer = new byte[16];
        int length = NumberFormat.FormatHex(value, digits, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public void FormatHexReportsZeroWhenTooSmall()
    {
        Span<byte> buffer = stackalloc byte[3];
        Assert.Equal(0, NumberFormat.FormatHex(0x1234, 1, buffer));
        Assert.Equal(0, NumberFormat.FormatHex(0x1, 4, buffer));
        Assert.Equal(3, NumberFormat.FormatHex(0x123, 1, buffer));
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("16", 16UL)]
    [InlineData("0x10", 16UL)]
    [InlineData("0X1f", 31UL)]
    [InlineData("0xFFFFFFFFFFFFFFFF", ulong.MaxValue)]
    [InlineData("0x0000000000000000001", 1UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void ParseAcceptsDecimalAndHex(string text, ulong expected)
    {
        Assert.True(NumberParse.TryParseUnsigned(Encoding.ASCII.GetBytes(text), out ulong value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData("0x1g")]
    [InlineData(" 1")]
    [InlineData("18446744073709551616")]
    [InlineData("0x10000000000000000")]
    public void ParseRejectsJunkAndOverflow(string text)
    {
        Assert.False(NumberParse.TryParseUnsigned(Encoding.ASCII.GetBytes(text), out ulong value));
        Assert.Equal(0UL, value);
    }

    [Fact]
    public void TextBuilderStopsAtTheEndAndSaysSo()
    {
        byte[] buffer = new byte[6];
        TextBuilder text = new TextBuilder(buffer);
        text.Append("abc"u8);
        text.AppendDecimal(12);
        Assert.False(text.Overflowed);
        text.AppendDecimal(345);
        Assert.True(text.Overflowed);
        Assert.Equal("abc12", Encoding.ASCII.GetString(text.Text));
    }

    [Fact]
    public void TrimRemovesBlanksAndNewlines()
    {
        Assert.Equal("buddy", Encoding.ASCII.GetString(Bytes.Trim(" \tbuddy\r\n"u8)));
        Assert.Equal(0, Bytes.Trim(" \n"u8).Length);
    }
}
