// The kernel heap on the subsystem mechanism ("heap"): every implementation of the heap catalog
// (Memory/HeapCatalog.cs) is created at boot with its state in frames of its own and registered; activating one makes
// it serve new allocations through Heap.SetOperations. Nothing is copied: blocks stay with the implementation that
// handed them out, and the Heap facade routes each free to it (by Owns), so a switch loses nothing. Every heap takes
// its frames through one counting source, so the frames the heaps hold are known whatever the implementation, and
// CheckFrames compares them, run by run, with the PMM's records (`pmm check`). /sys/heap/stats is the subsystem's own
// file (HeapFiles.cs).
namespace MeghaOS.Subsystems;

using System;
using MeghaOS.Collections;
using MeghaOS.Devices;
using MeghaOS.Memory;

/// <summary>Declares the "heap" subsystem and registers its implementations.</summary>
public static unsafe class HeapSubsystem
{
    private const string Name = "heap";

    private static SubsystemImplementations<HeapOperations> s_implementations;
    private static FixedList<PhysicalRange> s_stateRuns;
    private static FrameSource s_source;
    private static ulong s_framesHeld;

    /// <summary>The subsystem's id in <see cref="SubsystemRegistry"/>, declaring it (with its files) on first use.</summary>
    public static int Id
    {
        get
        {
            int id = SubsystemRegistry.Declare(Name, &ActiveName);
            if (id >= 0 && SubsystemRegistry.FilesOf(id).Length == 0)
            {
                SubsystemRegistry.AddFile(id, new SubsystemFile("stats", &HeapFiles.RenderStats));
            }

            return id;
        }
    }

    /// <summary>The registered implementations, in catalog order.</summary>
    public static ReadOnlySpan<HeapOperations> Implementations => s_implementations.Items;

    /// <summary>Frames every heap holds from the frame source, their state included.</summary>
    public static ulong FramesHeld => s_framesHeld;

    /// <summary>
    /// Compares the frames the registered heaps hold (their runs and their state) with the active PMM's records:
    /// each must be a live kernel-heap allocation of its size, and the PMM must record no other (see
    /// <see cref="HeapFrameCheck"/>). The heaps report their runs as physical addresses (through the direct map).
    /// </summary>
    public static HeapFrameCheckResult CheckFrames() => HeapFrameCheck.Check(Pmm.State, 0, Implementations, s_stateRuns.Items);

    /// <summary>
    /// Creates every implementation of <paramref name="catalog"/> (its state in frames from
    /// <paramref name="source"/>, which also supplies its blocks' frames), registers them in catalog order and
    /// activates the default. Each one left out is named on the console. False when none could be activated.
    /// </summary>
    public static bool Initialize(ReadOnlySpan<HeapImplementation> catalog, in FrameSource source)
    {
        s_source = source;
        FrameSource counted = new FrameSource { Context = null, Allocate = &AllocateCounted, Free = &FreeCounted, Split = &Split };
        for (int i = 0; i < catalog.Length; i++)
        {
            void* state = catalog[i].Create == null ? null : AllocateState(catalog[i].StateBytes);
            if (state == null)
            {
                SubsystemMessages.BeginLeftOut(Name, catalog[i].Name);
                Terminal.Write(catalog[i].Create == null ? "its description is incomplete\n"u8 : "no frames for its state\n"u8);
                continue;
            }

            RegistrationStatus status = Register(catalog[i].Create(state, counted));
            SubsystemMessages.ReportRegistration(Name, catalog[i].Name, status);
            if (status != RegistrationStatus.Success)
            {
                FreeState(state, catalog[i].StateBytes);
                continue;
            }

            // As many slots as the registry has, so a registered implementation's state always finds one.
            s_stateRuns.TryAdd(new PhysicalRange(DirectMap.Physical(state).Value, StateFrames(catalog[i].StateBytes) * PhysicalAddress.FrameSize));
        }

        return SubsystemRegistry.ActivateDefault(Id) == ActivationStatus.Success;
    }

    /// <summary>Registers one created implementation under its table's name.</summary>
    public static RegistrationStatus Register(in HeapOperations operations) =>
        s_implementations.Register(Id, new ImplementationEntry(operations.Name, null, &Activate), operations.IsComplete, operations);

    /// <summary>Forgets the registered implementations (the registry is reset separately). For tests.</summary>
    public static void Reset()
    {
        s_implementations.Clear();
        s_stateRuns.Clear();
        s_source = default;
        s_framesHeld = 0;
    }

    private static string ActiveName() => Heap.ImplementationName;

    private static bool Activate(void* context) => Heap.SetOperations(s_implementations.At(context)) == HeapStatus.Success;

    // Zeroed frames for one implementation's state, kept for the kernel's life.
    private static void* AllocateState(ulong bytes)
    {
        ulong frames = StateFrames(bytes);
        if (frames == 0 || AllocateCounted(null, frames, out PhysicalAddress address) != PmmStatus.Success)
        {
            return null;
        }

        byte* state = DirectMap.Pointer(address);
        for (ulong i = 0; i < frames * PhysicalAddress.FrameSize; i++)
        {
            state[i] = 0;
        }

        return state;
    }

    private static void FreeState(void* state, ulong bytes) =>
        FreeCounted(null, DirectMap.Physical(state), StateFrames(bytes));

    private static ulong StateFrames(ulong bytes) => (bytes + PhysicalAddress.FrameSize - 1) / PhysicalAddress.FrameSize;

    private static PmmStatus AllocateCounted(void* context, ulong count, out PhysicalAddress address)
    {
        PmmStatus status = s_source.Allocate(s_source.Context, count, out address);
        if (status == PmmStatus.Success)
        {
            s_framesHeld += count;
        }

        return status;
    }

    // A split changes no count: the frames stay held until one of the parts is freed.
    private static PmmStatus Split(void* context, PhysicalAddress address) => s_source.Split(s_source.Context, address);

    private static PmmStatus FreeCounted(void* context, PhysicalAddress address, ulong count)
    {
        PmmStatus status = s_source.Free(s_source.Context, address, count);
        if (status == PmmStatus.Success)
        {
            s_framesHeld -= count;
        }

        return status;
    }
}
