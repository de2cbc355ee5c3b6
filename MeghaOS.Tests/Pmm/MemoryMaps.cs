// Memory maps the PMM tests build on: named constructors so each test says what kind of machine it describes.
namespace MeghaOS.Tests.Pmm;

using MeghaOS.Memory;

/// <summary>Helpers for building memory maps in tests.</summary>
public static class MemoryMaps
{
    /// <summary>Bytes in a frame.</summary>
    public const ulong Frame = PhysicalAddress.FrameSize;

    /// <summary>A usable entry.</summary>
    public static MemoryRegion Usable(ulong baseAddress, ulong length) => new(baseAddress, length, MemoryRegionType.Usable);

    /// <summary>A reserved (firmware) entry.</summary>
    public static MemoryRegion Reserved(ulong baseAddress, ulong length) => new(baseAddress, length, MemoryRegionType.Reserved);

    /// <summary>One usable entry covering frames [0, frames): everything usable except frame 0.</summary>
    public static MemoryRegion[] Flat(ulong frames) => new[] { Usable(0, frames * Frame) };

    /// <summary>A byte range of whole frames.</summary>
    public static PhysicalRange Frames(ulong first, ulong count) => new(first * Frame, count * Frame);
}
