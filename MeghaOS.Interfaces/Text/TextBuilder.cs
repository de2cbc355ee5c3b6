// Builds a line or a whole file's text in a caller-supplied buffer (sysfs files, shell output) without allocating.
namespace MeghaOS.Text;

using System;

/// <summary>
/// Appends text and numbers to a fixed buffer. Once something does not fit, <see cref="Overflowed"/> becomes true and
/// later appends are dropped, so callers check once at the end instead of after every append.
/// </summary>
public ref struct TextBuilder
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _overflowed;

    /// <summary>Starts an empty text in <paramref name="buffer"/>.</summary>
    public TextBuilder(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
        _overflowed = false;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>True when an append did not fit (the text is then cut short).</summary>
    public readonly bool Overflowed => _overflowed;

    /// <summary>The text written so far.</summary>
    public readonly ReadOnlySpan<byte> Text => _buffer.Slice(0, _length);

    /// <summary>Appends bytes.</summary>
    public void Append(ReadOnlySpan<byte> text)
    {
        if (_overflowed || text.Length > _buffer.Length - _length)
        {
            _overflowed = true;
            return;
        }

        for (int i = 0; i < text.Length; i++)
        {
            _buffer[_length + i] = text[i];
        }

        _length += text.Length;
    }

    /// <summary>Appends the characters of an ASCII string.</summary>
    public void Append(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            AppendByte((byte)text[i]);
        }
    }

    /// <summary>Appends one byte.</summary>
    public void AppendByte(byte value)
    {
        if (_overflowed || _length >= _buffer.Length)
        {
            _overflowed = true;
            return;
        }

        _buffer[_length++] = value;
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void AppendRepeated(byte value, int count)
    {
        for (int i = 0; i < count; i++)
        {
            AppendByte(value);
        }
    }

    /// <summary>Appends a number in decimal.</summary>
    public void AppendDecimal(ulong value)
    {
        if (!_overflowed)
        {
            Advance(NumberFormat.FormatDecimal(value, _buffer.Slice(_length)));
        }
    }

    /// <summary>Appends a number in decimal, zero-padded to <paramref name="minimumDigits"/> ("007").</summary>
    public void AppendDecimal(ulong value, int minimumDigits)
    {
        if (!_overflowed)
        {
            Advance(NumberFormat.FormatDecimal(value, minimumDigits, _buffer.Slice(_length)));
        }
    }

    /// <summary>Appends a number in decimal, right-aligned in a field of <paramref name="width"/> characters.</summary>
    public void AppendDecimalPadded(ulong value, int width)
    {
        AppendRepeated((byte)' ', width - NumberFormat.DecimalDigitCount(value));
        AppendDecimal(value);
    }

    /// <summary>Appends a number in lower-case hexadecimal, zero-padded to <paramref name="minimumDigits"/>, no prefix.</summary>
    public void AppendHex(ulong value, int minimumDigits)
    {
        if (!_overflowed)
        {
            Advance(NumberFormat.FormatHex(value, minimumDigits, _buffer.Slice(_length)));
        }
    }

    /// <summary>Forgets the text, keeping the buffer.</summary>
    public void Clear()
    {
        _length = 0;
        _overflowed = false;
    }

    // Takes in the bytes a NumberFormat call wrote after the text; 0 means they did not fit.
    private void Advance(int written)
    {
        if (written == 0)
        {
            _overflowed = true;
            return;
        }

        _length += written;
    }
}
