// Reading an address space's bytes in tests through any vm operations table (the real page tables in VmHarness, or
// FakeAddressSpace), the way the kernel's copy-in does: bytes, little-endian words and NUL-terminated strings. A read
// of an unmapped byte throws, which fails the test that asked.
namespace MeghaOS.Tests.Support;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Memory.Paging;

/// <summary>Reads bytes of a space through an operations table.</summary>
public static unsafe class SpaceBytes
{
    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="address"/>; throws when they are not all mapped.</summary>
    public static byte[] Read(in AddressSpaceOperations vm, AddressSpace space, ulong address, int count)
    {
        var bytes = new byte[count];
        fixed (byte* destination = bytes)
        {
            VmStatus status = vm.Read(vm.Context, space, address, destination, (ulong)count);
            if (status != VmStatus.Success)
            {
                throw new InvalidOperationException($"reading {count} bytes at 0x{address:x}: {status}");
            }
        }

        return bytes;
    }

    /// <summary>Reads a little-endian 64-bit word.</summary>
    public static ulong Word(in AddressSpaceOperations vm, AddressSpace space, ulong address) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Read(vm, space, address, 8));

    /// <summary>Reads a NUL-terminated UTF-8 string.</summary>
    public static string Text(in AddressSpaceOperations vm, AddressSpace space, ulong address)
    {
        var bytes = new List<byte>();
        for (ulong at = address; ; at++)
        {
            byte value = Read(vm, space, at, 1)[0];
            if (value == 0)
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(value);
        }
    }
}
