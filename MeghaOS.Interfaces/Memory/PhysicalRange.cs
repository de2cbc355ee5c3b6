// A byte range of physical memory that the caller asks the PMM to keep reserved (kernel image, boot modules...).
namespace MeghaOS.Memory;

/// <summary>A half-open byte range [Base, Base + Length) of physical memory.</summary>
public readonly struct PhysicalRange
{
    /// <summary>First byte.</summary>
    public readonly ulong Base;

    /// <summary>Length in bytes.</summary>
    public readonly ulong Length;

    /// <summary>Creates a range.</summary>
    public PhysicalRange(ulong baseAddress, ulong length)
    {
        Base = baseAddress;
        Length = length;
    }

    /// <summary>One past the last byte, saturated so it cannot wrap around.</summary>
    public ulong End => Length > ulong.MaxValue - Base ? ulong.MaxValue : Base + Length;
}
