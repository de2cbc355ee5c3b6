#!/usr/bin/env python3
# Generates MeghaOS.Interfaces/Devices/BitmapFont.cs from the glyphs drawn below: MeghaOS's own 5x9 font for
# printable ASCII (0x20-0x7E), drawn for this project and under the project's licence. Rows 0-6 hold capitals and
# digits, rows 2-6 the lower-case body, rows 7-8 descenders. The framebuffer console draws each pixel as 2x2.
# Run: python3 scripts/make-font.py  (writes the C# file; commit both).
import os

G = {}
def g(ch, *rows):
    rows = list(rows) + ['.....'] * (9 - len(rows))
    assert len(rows) == 9 and all(len(r) == 5 for r in rows), ch
    G[ch] = rows

g(' ')
g('!', '..#..', '..#..', '..#..', '..#..', '..#..', '.....', '..#..')
g('"', '.#.#.', '.#.#.', '.#.#.')
g('#', '.#.#.', '.#.#.', '#####', '.#.#.', '#####', '.#.#.', '.#.#.')
g('$', '..#..', '.####', '#.#..', '.###.', '..#.#', '####.', '..#..')
g('%', '##...', '##..#', '...#.', '..#..', '.#...', '#..##', '...##')
g('&', '.##..', '#..#.', '#.#..', '.#...', '#.#.#', '#..#.', '.##.#')
g("'", '..#..', '..#..', '..#..')
g('(', '...#.', '..#..', '.#...', '.#...', '.#...', '..#..', '...#.')
g(')', '.#...', '..#..', '...#.', '...#.', '...#.', '..#..', '.#...')
g('*', '.....', '..#..', '#.#.#', '.###.', '#.#.#', '..#..')
g('+', '.....', '..#..', '..#..', '#####', '..#..', '..#..')
g(',', '.....', '.....', '.....', '.....', '.....', '..##.', '..##.', '...#.', '..#..')
g('-', '.....', '.....', '.....', '#####')
g('.', '.....', '.....', '.....', '.....', '.....', '.##..', '.##..')
g('/', '.....', '....#', '...#.', '..#..', '.#...', '#....')
g('0', '.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.')
g('1', '..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.')
g('2', '.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####')
g('3', '#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.')
g('4', '...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.')
g('5', '#####', '#....', '####.', '....#', '....#', '#...#', '.###.')
g('6', '..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.')
g('7', '#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...')
g('8', '.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.')
g('9', '.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..')
g(':', '.....', '.##..', '.##..', '.....', '.##..', '.##..')
g(';', '.....', '.##..', '.##..', '.....', '.##..', '.##..', '..#..', '.#...')
g('<', '...#.', '..#..', '.#...', '#....', '.#...', '..#..', '...#.')
g('=', '.....', '.....', '#####', '.....', '#####')
g('>', '.#...', '..#..', '...#.', '....#', '...#.', '..#..', '.#...')
g('?', '.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..')
g('@', '.###.', '#...#', '....#', '.##.#', '#.#.#', '#.#.#', '.###.')
g('A', '.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#')
g('B', '####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.')
g('C', '.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.')
g('D', '###..', '#..#.', '#...#', '#...#', '#...#', '#..#.', '###..')
g('E', '#####', '#....', '#....', '####.', '#....', '#....', '#####')
g('F', '#####', '#....', '#....', '####.', '#....', '#....', '#....')
g('G', '.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####')
g('H', '#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#')
g('I', '.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.')
g('J', '..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..')
g('K', '#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#')
g('L', '#....', '#....', '#....', '#....', '#....', '#....', '#####')
g('M', '#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#')
g('N', '#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#')
g('O', '.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.')
g('P', '####.', '#...#', '#...#', '####.', '#....', '#....', '#....')
g('Q', '.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#')
g('R', '####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#')
g('S', '.####', '#....', '#....', '.###.', '....#', '....#', '####.')
g('T', '#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..')
g('U', '#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.')
g('V', '#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..')
g('W', '#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.')
g('X', '#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#')
g('Y', '#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..')
g('Z', '#####', '....#', '...#.', '..#..', '.#...', '#....', '#####')
g('[', '.###.', '.#...', '.#...', '.#...', '.#...', '.#...', '.###.')
g('\\', '.....', '#....', '.#...', '..#..', '...#.', '....#')
g(']', '.###.', '...#.', '...#.', '...#.', '...#.', '...#.', '.###.')
g('^', '..#..', '.#.#.', '#...#')
g('_', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '#####')
g('`', '.#...', '..#..', '...#.')
g('a', '.....', '.....', '.###.', '....#', '.####', '#...#', '.####')
g('b', '#....', '#....', '#.##.', '##..#', '#...#', '#...#', '####.')
g('c', '.....', '.....', '.###.', '#....', '#....', '#...#', '.###.')
g('d', '....#', '....#', '.##.#', '#..##', '#...#', '#...#', '.####')
g('e', '.....', '.....', '.###.', '#...#', '#####', '#....', '.###.')
g('f', '..##.', '.#..#', '.#...', '###..', '.#...', '.#...', '.#...')
g('g', '.....', '.....', '.####', '#...#', '#...#', '.####', '....#', '#...#', '.###.')
g('h', '#....', '#....', '#.##.', '##..#', '#...#', '#...#', '#...#')
g('i', '..#..', '.....', '.##..', '..#..', '..#..', '..#..', '.###.')
g('j', '...#.', '.....', '..##.', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..')
g('k', '#....', '#....', '#..#.', '#.#..', '##...', '#.#..', '#..#.')
g('l', '.##..', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.')
g('m', '.....', '.....', '##.#.', '#.#.#', '#.#.#', '#...#', '#...#')
g('n', '.....', '.....', '#.##.', '##..#', '#...#', '#...#', '#...#')
g('o', '.....', '.....', '.###.', '#...#', '#...#', '#...#', '.###.')
g('p', '.....', '.....', '####.', '#...#', '#...#', '####.', '#....', '#....', '#....')
g('q', '.....', '.....', '.####', '#...#', '#...#', '.####', '....#', '....#', '....#')
g('r', '.....', '.....', '#.##.', '##..#', '#....', '#....', '#....')
g('s', '.....', '.....', '.####', '#....', '.###.', '....#', '####.')
g('t', '.#...', '.#...', '###..', '.#...', '.#...', '.#..#', '..##.')
g('u', '.....', '.....', '#...#', '#...#', '#...#', '#..##', '.##.#')
g('v', '.....', '.....', '#...#', '#...#', '#...#', '.#.#.', '..#..')
g('w', '.....', '.....', '#...#', '#...#', '#.#.#', '#.#.#', '.#.#.')
g('x', '.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#')
g('y', '.....', '.....', '#...#', '#...#', '#...#', '.####', '....#', '#...#', '.###.')
g('z', '.....', '.....', '#####', '...#.', '..#..', '.#...', '#####')
g('{', '...#.', '..#..', '..#..', '.#...', '..#..', '..#..', '...#.')
g('|', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..')
g('}', '.#...', '..#..', '..#..', '...#.', '..#..', '..#..', '.#...')
g('~', '.....', '.....', '.#...', '#.#.#', '...#.')
# Not ASCII: byte 0x7F draws a solid block (the cursor and the memory picture's cells use it).
g('\x7f', *(['#####'] * 9))

assert len(G) == 96, len(G)
out = []
for code in range(0x20, 0x80):
    rows = G[chr(code)]
    out.append(', '.join('0x%02X' % int(r.replace('#', '1').replace('.', '0'), 2) for r in rows) + ',  // ' +
               ('0x7F block' if code == 0x7F else repr(chr(code))))

text = '''// GENERATED by scripts/make-font.py from the glyphs drawn there; edit the script, not this file.
// MeghaOS's own bitmap font: 5x9 glyphs for printable ASCII 0x20-0x7E plus a solid block at 0x7F, drawn for this
// project (no third-party font data; same licence as the rest of MeghaOS). Shared code: the framebuffer console
// draws with it, and the host tests render the same text with it to compare against a QEMU screendump.
namespace MeghaOS.Devices;

using System;

/// <summary>The console font: each glyph is <see cref="GlyphRows"/> rows of <see cref="GlyphColumns"/> bits (bit 4 = leftmost).</summary>
public static class BitmapFont
{
    /// <summary>Pixel columns of a glyph.</summary>
    public const int GlyphColumns = 5;

    /// <summary>Pixel rows of a glyph (7 above the baseline, 2 for descenders).</summary>
    public const int GlyphRows = 9;

    /// <summary>Pixel columns of a character cell on the framebuffer console.</summary>
    public const int CellWidth = 12;

    /// <summary>Pixel rows of a character cell on the framebuffer console.</summary>
    public const int CellHeight = 20;

    /// <summary>The framebuffer console draws each font pixel as Scale x Scale screen pixels.</summary>
    public const int Scale = 2;

    /// <summary>Where the scaled glyph starts inside its cell: pixel column GlyphLeft, row GlyphTop.</summary>
    public const int GlyphLeft = 1, GlyphTop = 1;

    /// <summary>The first character with a glyph.</summary>
    public const int FirstCharacter = 0x20;

    /// <summary>The last character with a glyph (0x7F: a solid block).</summary>
    public const int LastCharacter = 0x7F;

    /// <summary>The bits of row <paramref name="row"/> of the glyph for <paramref name="character"/>; '?' for characters without one.</summary>
    public static int Row(byte character, int row)
    {
        int index = character >= FirstCharacter && character <= LastCharacter ? character - FirstCharacter : '?' - FirstCharacter;
        return Glyphs[index * GlyphRows + row];
    }

    /// <summary>
    /// True when screen pixel (<paramref name="x"/>, <paramref name="y"/>) of a console cell showing
    /// <paramref name="character"/> is in the foreground colour (cell layout: <see cref="CellWidth"/> x
    /// <see cref="CellHeight"/>, glyph scaled by <see cref="Scale"/> from <see cref="GlyphLeft"/>, <see cref="GlyphTop"/>).
    /// </summary>
    public static bool IsCellPixelSet(byte character, int x, int y)
    {
        int column = (x - GlyphLeft) / Scale;
        int row = (y - GlyphTop) / Scale;
        return x >= GlyphLeft && y >= GlyphTop && column < GlyphColumns && row < GlyphRows && IsSet(character, column, row);
    }

    /// <summary>True when pixel (<paramref name="column"/>, <paramref name="row"/>) of the glyph is set.</summary>
    public static bool IsSet(byte character, int column, int row) => (Row(character, row) >> (GlyphColumns - 1 - column) & 1) != 0;

    private static ReadOnlySpan<byte> Glyphs => new byte[]
    {
''' + ''.join('        ' + l + '\n' for l in out) + '''    };
}
'''
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
with open(os.path.join(root, 'MeghaOS.Interfaces', 'Devices', 'BitmapFont.cs'), 'w') as f:
    f.write(text)
