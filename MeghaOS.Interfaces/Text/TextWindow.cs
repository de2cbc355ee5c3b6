// A file's text produced piece by piece, of which a reader wants only the bytes from one offset on: the producer
// appends its whole text (a line at a time) and the window keeps the part that falls in the reader's buffer, counting
// the rest. One producer thus serves a read at any offset and a stat (the total length), for files too long for one
// render buffer (/sys/pmm/owners lists every allocation). Shared code: nothing is allocated.
namespace MeghaOS.Text;

using System;

/// <summary>Keeps the bytes of a produced text that fall in [offset, offset + destination length).</summary>
public ref struct TextWindow
{
    private readonly Span<byte> _destination;
    private readonly ulong _offset;
    private readonly bool _measuring;
    private ulong _position;
    private int _written;

    /// <summary>
    /// A window for a read of the bytes from <paramref name="offset"/> on into <paramref name="destination"/>, or,
    /// with <paramref name="measuring"/>, for counting the whole text's length (nothing is kept).
    /// </summary>
    public TextWindow(Span<byte> destination, ulong offset, bool measuring)
    {
        _destination = measuring ? default : destination;
        _offset = offset;
        _measuring = measuring;
        _position = 0;
        _written = 0;
    }

    /// <summary>Bytes appended so far: the whole text's length once the producer is done.</summary>
    public readonly ulong Length => _position;

    /// <summary>Bytes copied into the destination.</summary>
    public readonly int Written => _written;

    /// <summary>
    /// False once nothing the producer appends can matter any more (a read whose destination is full), so it may
    /// stop early; a measuring window always wants the rest.
    /// </summary>
    public readonly bool WantsMore => _measuring || _written < _destination.Length;

    /// <summary>Appends the next piece of the text.</summary>
    public void Append(ReadOnlySpan<byte> text)
    {
        ulong start = _position;
        _position += (ulong)text.Length;
        if (_measuring || _position <= _offset)
        {
            return;
        }

        int skip = start >= _offset ? 0 : (int)(_offset - start);
        _written += Bytes.Copy(text.Slice(skip), _destination.Slice(_written));
    }
}
