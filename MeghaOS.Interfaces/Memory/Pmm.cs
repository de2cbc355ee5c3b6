// The PMM abstraction: the global functions the kernel calls, forwarding to whichever implementation installed
// itself last with SetOperations, each inside the kernel's critical section (CriticalSection.cs). Only kernel code calls these; user programs see the PMM through /dev and /sys files.
namespace MeghaOS.Memory;

using System;
using System.Numerics;

/// <summary>
/// The physical memory manager facade. An implementation fills a <see cref="PmmOperations"/> table and calls
/// <see cref="SetOperations"/>; from then on <see cref="Allocate"/>, <see cref="Deallocate"/> and the rest forward
/// to it. A later implementation replaces it the same way, after taking over the active state
/// (see <see cref="Operations"/> and docs/pmm.md).
/// </summary>
public static unsafe class Pmm
{
    private static PmmOperations s_operations;
    private static bool s_isActive;

    /// <summary>True once an implementation has been installed.</summary>
    public static bool IsActive => s_isActive;

    /// <summary>The active table, so a new implementation can take over its state. Default when none is active.</summary>
    public static PmmOperations Operations => s_operations;

    /// <summary>The active implementation's name, or "none".</summary>
    public static string ImplementationName => s_isActive ? s_operations.Name : "none";

    /// <summary>
    /// Makes <paramref name="operations"/> the active implementation. When one is already active, the new one must
    /// already hold the same state (every bitmap identical, word for word, and every allocation's owner), so that no
    /// allocated frame is lost and the PAB reads the same before and after; otherwise nothing changes and
    /// <see cref="PmmStatus.HandoverMismatch"/> is returned.
    /// </summary>
    public static PmmStatus SetOperations(in PmmOperations operations)
    {
        if (!operations.IsComplete)
        {
            return PmmStatus.IncompleteOperations;
        }

        if (s_isActive && !HoldsSameState(s_operations, operations))
        {
            return PmmStatus.HandoverMismatch;
        }

        s_operations = operations;
        s_isActive = true;
        return PmmStatus.Success;
    }

    /// <summary>Forgets the active implementation. For tests and for shutting down; the kernel never calls it.</summary>
    public static void Reset()
    {
        s_operations = default;
        s_isActive = false;
    }

    /// <summary>
    /// Allocates <paramref name="frameCount"/> contiguous frames whose first frame number is a multiple of
    /// <paramref name="alignmentFrames"/> (a power of two) for <paramref name="owner"/>. On failure
    /// <paramref name="address"/> is <see cref="PhysicalAddress.Null"/> and nothing changed.
    /// </summary>
    public static PmmStatus Allocate(ulong frameCount, ulong alignmentFrames, FrameOwner owner, out PhysicalAddress address)
    {
        if (!s_isActive)
        {
            address = PhysicalAddress.Null;
            return PmmStatus.NotInitialized;
        }

        bool section = CriticalSection.Enter();
        PmmStatus status = s_operations.Allocate(s_operations.Context, frameCount, alignmentFrames, owner, out address);
        CriticalSection.Leave(section);
        return status;
    }

    /// <summary>Allocates one frame for <paramref name="owner"/>.</summary>
    public static PmmStatus AllocateFrame(FrameOwner owner, out PhysicalAddress address) => Allocate(1, 1, owner, out address);

    /// <summary>
    /// Allocates exactly the <paramref name="frameCount"/> frames starting at <paramref name="address"/> (a frame's
    /// first byte), as one allocation of <paramref name="owner"/> that <see cref="Deallocate"/> frees with the same
    /// address, count and owner. Every one of them must be free: otherwise <see cref="PmmStatus.FrameReserved"/> (some
    /// frame is reserved) or <see cref="PmmStatus.AlreadyAllocated"/> (some frame is allocated: a double allocation),
    /// and nothing changed.
    /// </summary>
    public static PmmStatus AllocateAt(PhysicalAddress address, ulong frameCount, FrameOwner owner)
    {
        if (!s_isActive)
        {
            return PmmStatus.NotInitialized;
        }

        bool section = CriticalSection.Enter();
        PmmStatus status = s_operations.AllocateAt(s_operations.Context, address, frameCount, owner);
        CriticalSection.Leave(section);
        return status;
    }

    /// <summary>
    /// Frees <paramref name="frameCount"/> frames at <paramref name="address"/>, which must be exactly an address and
    /// count an earlier <see cref="Allocate"/> returned and used (or an <see cref="AllocateAt"/> used), by the owner
    /// it was allocated for: anyone else gets <see cref="PmmStatus.WrongOwner"/> and nothing changes.
    /// </summary>
    public static PmmStatus Deallocate(PhysicalAddress address, ulong frameCount, FrameOwner owner)
    {
        if (!s_isActive)
        {
            return PmmStatus.NotInitialized;
        }

        bool section = CriticalSection.Enter();
        PmmStatus status = s_operations.Deallocate(s_operations.Context, address, frameCount, owner);
        CriticalSection.Leave(section);
        return status;
    }

    /// <summary>
    /// Splits <paramref name="owner"/>'s allocation that holds the frame at <paramref name="address"/> into two
    /// allocations of the same owner, the second starting at that frame, so that each part can be freed on its own
    /// (a heap giving back the empty middle of a chunk). Splitting at an allocation's first frame changes nothing.
    /// Fails, changing nothing, with <see cref="PmmStatus.MisalignedAddress"/>, <see cref="PmmStatus.AddressOutOfRange"/>,
    /// <see cref="PmmStatus.FrameReserved"/>, <see cref="PmmStatus.DoubleFree"/> or <see cref="PmmStatus.NotAllocated"/>
    /// (the frame is free), or <see cref="PmmStatus.WrongOwner"/>.
    /// </summary>
    public static PmmStatus Split(PhysicalAddress address, FrameOwner owner)
    {
        if (!s_isActive)
        {
            return PmmStatus.NotInitialized;
        }

        bool section = CriticalSection.Enter();
        PmmStatus status = s_operations.Split(s_operations.Context, address, owner);
        CriticalSection.Leave(section);
        return status;
    }

    /// <summary>The active implementation's frame counts; all zero when none is active.</summary>
    public static PmmCounts Counts => s_isActive ? s_operations.GetCounts(s_operations.Context) : default;

    /// <summary>The active implementation's bitmaps; <see cref="FrameStateView.FrameCount"/> is 0 when none is active.</summary>
    public static FrameStateView State => s_isActive ? s_operations.GetState(s_operations.Context) : default;

    /// <summary>The physical allocation bitmap, live: one bit per frame, 1 = not free. See docs/pab.md.</summary>
    public static ReadOnlySpan<byte> Pab
    {
        get
        {
            FrameStateView state = State;
            return new ReadOnlySpan<byte>(state.Pab, (int)state.PabByteCount);
        }
    }

    /// <summary>The state of one frame.</summary>
    public static FrameState StateOf(ulong frameNumber) => State.StateOf(frameNumber);

    private static bool HoldsSameState(in PmmOperations active, in PmmOperations candidate)
    {
        FrameStateView a = active.GetState(active.Context);
        FrameStateView b = candidate.GetState(candidate.Context);
        if (a.FrameCount != b.FrameCount)
        {
            return false;
        }

        ulong words = a.WordCount;
        for (ulong i = 0; i < words; i++)
        {
            if (a.Pab[i] != b.Pab[i] || a.Reserved[i] != b.Reserved[i] ||
                a.AllocationStarts[i] != b.AllocationStarts[i] || a.EverAllocated[i] != b.EverAllocated[i])
            {
                return false;
            }

            // Every allocation keeps its owner (only the bytes at allocation starts mean anything).
            for (ulong starts = a.AllocationStarts[i]; starts != 0; starts &= starts - 1)
            {
                ulong frame = (i << 6) + (ulong)BitOperations.TrailingZeroCount(starts);
                if (a.Owners[frame] != b.Owners[frame])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
