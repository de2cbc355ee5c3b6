// Crafts ELF64 files byte by byte for the loader tests: a header, a program header table right after it, and each
// segment's file bytes at the offset its header names. Every field can be overridden afterwards with Patch, so a test
// states exactly which rule the file breaks.
namespace MeghaOS.Tests.Programs;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;

/// <summary>One program header of a crafted file.</summary>
public sealed class CraftedSegment
{
    public uint Type = 1;
    public uint Flags = 5;
    public ulong Offset;
    public ulong Address;
    public ulong FileBytes;
    public ulong MemoryBytes;
    public byte[] Content = Array.Empty<byte>();
}

/// <summary>Builds ELF64 x86-64 files.</summary>
public sealed class ElfBuilder
{
    public ushort Type = 2;
    public ushort Machine = 62;
    public ulong Entry = 0x401000;
    public readonly List<CraftedSegment> Segments = new();

    /// <summary>A valid static executable: code (R X) at 0x401000 with the entry, data (R W) at 0x403000 with bss.</summary>
    public static ElfBuilder Typical()
    {
        var builder = new ElfBuilder();
        byte[] code = new byte[0x180];
        for (int i = 0; i < code.Length; i++)
        {
            code[i] = (byte)(0x90 + i % 7);
        }

        byte[] data = new byte[0x40];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i + 1);
        }

        builder.Segments.Add(new CraftedSegment { Flags = 5, Offset = 0x1000, Address = 0x401000, FileBytes = (ulong)code.Length, MemoryBytes = (ulong)code.Length, Content = code });
        builder.Segments.Add(new CraftedSegment { Flags = 6, Offset = 0x2010, Address = 0x403010, FileBytes = (ulong)data.Length, MemoryBytes = 0x2000, Content = data });
        return builder;
    }

    /// <summary>The file.</summary>
    public byte[] Build()
    {
        ulong end = 64 + 56 * (ulong)Segments.Count;
        foreach (CraftedSegment segment in Segments.FindAll(s => s.Offset < 1UL << 30))
        {
            end = Math.Max(end, segment.Offset + (ulong)segment.Content.Length);
        }

        var file = new byte[end];
        file[0] = 0x7F;
        file[1] = (byte)'E';
        file[2] = (byte)'L';
        file[3] = (byte)'F';
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), Type);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(18), Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(24), Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(56), (ushort)Segments.Count);
        for (int i = 0; i < Segments.Count; i++)
        {
            CraftedSegment segment = Segments[i];
            Span<byte> header = file.AsSpan(64 + 56 * i, 56);
            BinaryPrimitives.WriteUInt32LittleEndian(header, segment.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(4), segment.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(8), segment.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(16), segment.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(24), segment.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(32), segment.FileBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(40), segment.MemoryBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(48), 0x1000);
            if (segment.Offset < 1UL << 30)
            {
                segment.Content.CopyTo(file.AsSpan((int)segment.Offset));
            }
        }

        return file;
    }
}
