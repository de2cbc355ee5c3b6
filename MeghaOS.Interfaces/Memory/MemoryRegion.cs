// One entry of a firmware memory map, as the Multiboot loader (or E820) reports it.
namespace MeghaOS.Memory;

/// <summary>One entry of a memory map: a byte range and its type. Entries may overlap, be unsorted or be empty.</summary>
public readonly struct MemoryRegion
{
    /// <summary>First byte of the range.</summary>
    public readonly ulong Base;

    /// <summary>Length in bytes; zero-length entries are allowed and ignored.</summary>
    public readonly ulong Length;

    /// <summary>What the range is.</summary>
    public readonly MemoryRegionType Type;

    /// <summary>Creates an entry.</summary>
    public MemoryRegion(ulong baseAddress, ulong length, MemoryRegionType type)
    {
        Base = baseAddress;
        Length = length;
        Type = type;
    }

    /// <summary>One past the last byte, saturated at 2^64 - 1 so a huge entry cannot wrap around.</summary>
    public ulong End => Length > ulong.MaxValue - Base ? ulong.MaxValue : Base + Length;
}
