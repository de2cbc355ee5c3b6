// What one PMM implementation is, in one value: its name, its limits, how much metadata it needs for N frames, its
// three allocation functions, its index (the structure it keeps beside the shared FrameTable to find free frames
// fast), its consistency check and its own file. Everything every implementation does alike is written here once:
// sizing and carving the metadata, creating an instance from a memory map, taking over the active instance's state,
// filling the operations table (with the shared split, counts and state functions) and checking the shared bitmaps. An implementation's file holds only what is its own.
namespace MeghaOS.Memory;

using System;
using MeghaOS.Subsystems;

/// <summary>
/// The descriptor of a PMM implementation (<see cref="PmmCatalog"/> lists them). Its context struct must begin with
/// the shared <see cref="FrameTable"/>: the metadata holds that context, then the table's four bitmaps, then the
/// implementation's index.
/// </summary>
public unsafe struct PmmImplementation
{
    /// <summary>The name users type and see ("bitmap"), also the operations table's name.</summary>
    public string Name;

    /// <summary>The most frames one instance manages.</summary>
    public ulong MaxFrames;

    /// <summary>Size of the implementation's context struct, which starts with a <see cref="FrameTable"/>.</summary>
    public ulong ContextBytes;

    /// <summary>
    /// Bytes of the index for a number of frames, each piece rounded with <see cref="PmmMetadata.Round"/>, exactly
    /// what <see cref="BuildIndex"/> takes from the cursor. May be null for an implementation with no index.
    /// </summary>
    public delegate*<ulong, ulong> IndexBytes;

    /// <summary>
    /// Takes the index's memory from the cursor and builds the index from the context's FrameTable, which already
    /// holds the state (from a memory map or from the instance being taken over).
    /// </summary>
    public delegate*<void*, ref PmmMetadata, void> BuildIndex;

    /// <summary>The operations table's Allocate (see <see cref="PmmOperations.Allocate"/>).</summary>
    public delegate*<void*, ulong, ulong, FrameOwner, out PhysicalAddress, PmmStatus> Allocate;

    /// <summary>The operations table's AllocateAt (see <see cref="PmmOperations.AllocateAt"/>).</summary>
    public delegate*<void*, PhysicalAddress, ulong, FrameOwner, PmmStatus> AllocateAt;

    /// <summary>The operations table's Deallocate (see <see cref="PmmOperations.Deallocate"/>).</summary>
    public delegate*<void*, PhysicalAddress, ulong, FrameOwner, PmmStatus> Deallocate;

    /// <summary>
    /// Checks the index against the FrameTable (which has already been checked), Zircon's pmm_checker idea: the first
    /// problem found, or <see cref="PmmConsistency.Consistent"/>. May be null.
    /// </summary>
    public delegate*<void*, PmmConsistency> CheckIndex;

    /// <summary>A file of its own under /sys/pmm/, shown while it is the active implementation; may be empty.</summary>
    public SubsystemFile File;

    /// <summary>True when the descriptor is filled in enough to create instances.</summary>
    public readonly bool IsComplete =>
        Name != null && MaxFrames != 0 && ContextBytes >= (ulong)sizeof(FrameTable) && BuildIndex != null &&
        Allocate != null && AllocateAt != null && Deallocate != null;

    /// <summary>
    /// Bytes of metadata an instance managing <paramref name="frameCount"/> frames needs: the context, the four
    /// bitmaps with the owner bytes, and the index, each 64-byte aligned. 0 for no frames or more than <see cref="MaxFrames"/>.
    /// </summary>
    public readonly ulong MetadataBytes(ulong frameCount)
    {
        if (frameCount == 0 || frameCount > MaxFrames)
        {
            return 0;
        }

        return PmmMetadata.StartSlack
            + PmmMetadata.Round(ContextBytes)
            + PmmMetadata.Round(FrameTable.Bytes(frameCount))
            + (IndexBytes == null ? 0 : IndexBytes(frameCount));
    }

    /// <summary>
    /// Creates an instance in <paramref name="metadata"/> from a memory map, with the ranges in
    /// <paramref name="reserved"/> (kernel image, modules, the metadata's own physical range) reserved. See
    /// <see cref="MemoryMap.Initialize"/> for the rules.
    /// </summary>
    public readonly PmmStatus Create(void* metadata, ulong metadataBytes, ReadOnlySpan<MemoryRegion> regions,
        ReadOnlySpan<PhysicalRange> reserved, out PmmOperations operations)
    {
        operations = default;
        ulong frameCount = MemoryMap.FrameCountOf(regions);
        PmmStatus status = CheckSize(frameCount, metadata, metadataBytes);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        PmmMetadata cursor = new PmmMetadata(metadata);
        FrameTable* table = LayOutTable(ref cursor, frameCount);
        MemoryMap.Initialize(ref *table, regions, reserved);
        if (table->FreeFrames == 0)
        {
            return PmmStatus.NoUsableMemory;
        }

        BuildIndex(table, ref cursor);
        operations = OperationsFor(table);
        return PmmStatus.Success;
    }

    /// <summary>
    /// Creates an instance in <paramref name="metadata"/> holding exactly the state in <paramref name="current"/>
    /// (normally <see cref="Pmm.State"/>), so <see cref="Pmm.SetOperations"/> then accepts it.
    /// </summary>
    public readonly PmmStatus TakeOver(void* metadata, ulong metadataBytes, in FrameStateView current, out PmmOperations operations)
    {
        operations = default;
        PmmStatus status = CheckSize(current.FrameCount, metadata, metadataBytes);
        if (status != PmmStatus.Success)
        {
            return status;
        }

        PmmMetadata cursor = new PmmMetadata(metadata);
        FrameTable* table = LayOutTable(ref cursor, current.FrameCount);
        table->CopyFrom(current);
        BuildIndex(table, ref cursor);
        operations = OperationsFor(table);
        return PmmStatus.Success;
    }

    /// <summary>
    /// True when <paramref name="operations"/> is an instance of this implementation: its table holds this
    /// implementation's Allocate (function identity, not the name, which anyone could copy).
    /// </summary>
    public readonly bool Owns(in PmmOperations operations) =>
        operations.Context != null && (nint)operations.Allocate == (nint)Allocate;

    /// <summary>
    /// Checks an instance's internal consistency (it reads all the metadata): the table is settled first
    /// (<see cref="FrameTable.Settle"/>), then the shared bitmaps and counts are checked
    /// (<see cref="FrameTableChecker"/>), then the index. <see cref="PmmConsistency.WrongImplementation"/> when
    /// <paramref name="operations"/> belongs to another implementation.
    /// </summary>
    public readonly PmmConsistency CheckConsistency(in PmmOperations operations)
    {
        if (!Owns(operations))
        {
            return PmmConsistency.WrongImplementation;
        }

        FrameTable.Settle((FrameTable*)operations.Context);
        PmmConsistency shared = FrameTableChecker.Check(*(FrameTable*)operations.Context);
        if (shared != PmmConsistency.Consistent || CheckIndex == null)
        {
            return shared;
        }

        return CheckIndex(operations.Context);
    }

    // No frames (NoUsableMemory), more than MaxFrames (TooManyFrames), then a missing or short buffer (MetadataTooSmall).
    private readonly PmmStatus CheckSize(ulong frameCount, void* metadata, ulong metadataBytes)
    {
        if (frameCount == 0)
        {
            return PmmStatus.NoUsableMemory;
        }

        if (frameCount > MaxFrames)
        {
            return PmmStatus.TooManyFrames;
        }

        return metadata == null || metadataBytes < MetadataBytes(frameCount) ? PmmStatus.MetadataTooSmall : PmmStatus.Success;
    }

    // The context (zeroed; its FrameTable first), then the four bitmaps and the owner bytes, in that order.
    private readonly FrameTable* LayOutTable(ref PmmMetadata cursor, ulong frameCount)
    {
        byte* context = (byte*)cursor.Take(ContextBytes);
        for (ulong i = 0; i < ContextBytes; i++)
        {
            context[i] = 0;
        }

        FrameTable* table = (FrameTable*)context;
        table->Attach(frameCount, (ulong*)cursor.Take(FrameTable.Bytes(frameCount)));
        return table;
    }

    private readonly PmmOperations OperationsFor(void* context)
    {
        PmmOperations operations = default;
        operations.Name = Name;
        operations.Context = context;
        operations.Allocate = Allocate;
        operations.AllocateAt = AllocateAt;
        operations.Deallocate = Deallocate;
        operations.Split = &Split;
        operations.GetCounts = &GetCounts;
        operations.GetState = &GetState;
        return operations;
    }

    // Every implementation's counts, bitmaps, owners and splits are its FrameTable's, which starts its context (a
    // split changes no frame between free and allocated, so no index needs to know). Each first settles the table
    // (FrameTable.Settle: an implementation that keeps frames aside, a front cache, gives them back), so what is
    // read from outside, and what a split checks, is exact.
    private static PmmCounts GetCounts(void* context)
    {
        FrameTable.Settle((FrameTable*)context);
        return ((FrameTable*)context)->Counts;
    }

    private static PmmStatus Split(void* context, PhysicalAddress address, FrameOwner owner)
    {
        FrameTable.Settle((FrameTable*)context);
        return ((FrameTable*)context)->Split(address, owner);
    }

    private static FrameStateView GetState(void* context)
    {
        FrameTable.Settle((FrameTable*)context);
        return ((FrameTable*)context)->View;
    }
}
