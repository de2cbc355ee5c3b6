// A physical address, kept apart from plain integers and virtual pointers so the two cannot be mixed up.
namespace MeghaOS.Memory;

/// <summary>An address in physical memory. Page frames are <see cref="FrameSize"/> bytes.</summary>
public readonly struct PhysicalAddress
{
    /// <summary>The size of one page frame in bytes (4 KiB).</summary>
    public const ulong FrameSize = 4096;

    /// <summary>log2 of <see cref="FrameSize"/>.</summary>
    public const int FrameShift = 12;

    /// <summary>The address as a number.</summary>
    public readonly ulong Value;

    /// <summary>Wraps a raw physical address.</summary>
    public PhysicalAddress(ulong value) => Value = value;

    /// <summary>The address of the first byte of frame <paramref name="frameNumber"/>.</summary>
    public static PhysicalAddress FromFrame(ulong frameNumber) => new PhysicalAddress(frameNumber << FrameShift);

    /// <summary>The number of the frame that holds this address.</summary>
    public ulong FrameNumber => Value >> FrameShift;

    /// <summary>True when the address is the first byte of a frame.</summary>
    public bool IsFrameAligned => (Value & (FrameSize - 1)) == 0;

    /// <summary>Address 0. Frame 0 is always reserved, so this never names a valid allocation.</summary>
    public static PhysicalAddress Null => default;

    /// <summary>True for address 0.</summary>
    public bool IsNull => Value == 0;
}
