// Builds cpio newc archives in the tests, field by field as the format says (docs/programs.md, "The initial ramdisk"), so
// each malformed case can be made by changing one thing.
namespace MeghaOS.Tests.Initrd;

using System;
using System.Collections.Generic;
using System.Text;

/// <summary>Builds cpio newc archives.</summary>
public sealed class CpioBuilder
{
    private readonly List<byte> _bytes = new();

    /// <summary>Adds an entry; <paramref name="nameSize"/> overrides c_namesize when given.</summary>
    public CpioBuilder Add(string name, byte[] data, uint mode = 0x81ED, string magic = "070701", int? nameSize = null, string? fileSizeField = null)
    {
        byte[] nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        var header = new StringBuilder(magic);
        uint[] fields = { 1, mode, 0, 0, 1, 0, (uint)data.Length, 0, 0, 0, 0, (uint)(nameSize ?? nameBytes.Length), 0 };
        for (int i = 0; i < fields.Length; i++)
        {
            header.Append(i == 6 && fileSizeField != null ? fileSizeField : fields[i].ToString("X8"));
        }

        _bytes.AddRange(Encoding.ASCII.GetBytes(header.ToString()));
        _bytes.AddRange(nameBytes);
        Pad();
        _bytes.AddRange(data);
        Pad();
        return this;
    }

    /// <summary>Adds a directory entry.</summary>
    public CpioBuilder Directory(string name) => Add(name, Array.Empty<byte>(), 0x41ED);

    /// <summary>Adds the TRAILER!!! entry.</summary>
    public CpioBuilder Trailer() => Add("TRAILER!!!", Array.Empty<byte>(), 0);

    /// <summary>The archive.</summary>
    public byte[] Build() => _bytes.ToArray();

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }
}
