// Human-readable messages for PmmStatus values, for the pmm and mem commands.
namespace MeghaOS.Shell;

using System;
using MeghaOS.Memory;

/// <summary>One short lower-case message per <see cref="PmmStatus"/>.</summary>
public static class PmmStatusText
{
    /// <summary>The message for <paramref name="status"/>.</summary>
    public static ReadOnlySpan<byte> Of(PmmStatus status)
    {
        switch (status)
        {
            case PmmStatus.Success: return "success"u8;
            case PmmStatus.NotInitialized: return "no PMM is active"u8;
            case PmmStatus.OutOfMemory: return "out of memory (no free run of that size and alignment)"u8;
            case PmmStatus.ZeroCount: return "the frame count must not be 0"u8;
            case PmmStatus.InvalidAlignment: return "the alignment must be a power of two (in frames)"u8;
            case PmmStatus.MisalignedAddress: return "the address is not the start of a frame"u8;
            case PmmStatus.AddressOutOfRange: return "the range is outside the managed memory"u8;
            case PmmStatus.FrameReserved: return "the frames are reserved"u8;
            case PmmStatus.DoubleFree: return "double free: the frames are already free"u8;
            case PmmStatus.NotAllocated: return "the frames were never allocated"u8;
            case PmmStatus.NotAllocationStart: return "the address is inside an allocation, not its start"u8;
            case PmmStatus.CountMismatch: return "the count differs from the allocation's count"u8;
            case PmmStatus.MetadataTooSmall: return "metadata buffer too small"u8;
            case PmmStatus.NoUsableMemory: return "no usable memory"u8;
            case PmmStatus.TooManyFrames: return "too many frames"u8;
            case PmmStatus.IncompleteOperations: return "incomplete operations table"u8;
            case PmmStatus.HandoverMismatch: return "the new implementation's state differs from the active one"u8;
            case PmmStatus.AlreadyAllocated: return "the frames are already allocated"u8;
            case PmmStatus.WrongOwner: return "the frames belong to another owner"u8;
            default: return "unknown error"u8;
        }
    }
}
