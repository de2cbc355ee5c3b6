// The vm subsystem over the host PMM harness: KernelHarness's PMM manages 4 MiB of "physical" frames, which a native
// window of 4 MiB backs through the direct map (DirectMap's offset is the window's address), so the real page-table
// code writes real tables into real memory. A fake kernel root with top-level slots 0 and 511 in use stands for the
// kernel half (or slot 511 alone, for tests that load programs at the low addresses the real layout uses). Helpers
// give what tests of the vm's callers (the ELF loader, the initial stack) check: the pages a space maps with their
// access, Map calls counted, and the PMM held down to a few free frames. Dispose frees everything and sets the direct
// map back to 0.
namespace MeghaOS.Tests.Vm;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;

/// <summary>A kernel with the vm subsystem, on the host.</summary>
public sealed unsafe class VmHarness : IDisposable
{
    /// <summary>Space records the harness gives the mechanism.</summary>
    public const int Capacity = 8;

    /// <summary>A user address clear of the kernel's slots (slot 1, 512 GiB).</summary>
    public const ulong UserBase = 0x80_0000_0000;

    /// <summary>The kernel's top-level entry in slot 0, as the fake kernel root holds it.</summary>
    public const ulong KernelEntryLow = 0x5000 | UserPageTables.Present | UserPageTables.Writable;

    private readonly KernelHarness _kernel;
    private readonly byte* _window;
    private readonly SpaceRecord* _spaces;
    private readonly List<PhysicalAddress> _held = new();
    private static int s_mapCalls;

    /// <summary>
    /// Boots the harness and the vm subsystem (its catalog's default active). With <paramref name="kernelInSlotZero"/>
    /// false the fake kernel half is top-level slot 511 alone, so user ranges may start at 0x400000.
    /// </summary>
    public VmHarness(bool kernelInSlotZero = true)
    {
        _kernel = new KernelHarness();
        _window = (byte*)NativeMemory.AlignedAlloc((nuint)(KernelHarness.FrameCount * PhysicalAddress.FrameSize), 4096);
        new Span<byte>(_window, (int)(KernelHarness.FrameCount * PhysicalAddress.FrameSize)).Fill(0xA5);
        DirectMap.SetOffset((ulong)_window);
        _spaces = (SpaceRecord*)NativeMemory.AllocZeroed((nuint)(sizeof(SpaceRecord) * Capacity));
        if (Pmm.AllocateFrame(FrameOwner.PageTables, out PhysicalAddress root) != PmmStatus.Success)
        {
            throw new InvalidOperationException("no frame for the kernel root");
        }

        KernelRoot = root.Value;
        ulong* entries = (ulong*)DirectMap.Pointer(root);
        for (int i = 0; i < 512; i++)
        {
            entries[i] = 0;
        }

        entries[0] = kernelInSlotZero ? KernelEntryLow : 0;
        entries[511] = 0x6000 | UserPageTables.Present | UserPageTables.Writable;
        if (!VmSubsystem.Initialize(VmCatalog.All, _spaces, Capacity, KernelRoot, true, null, null))
        {
            throw new InvalidOperationException("vm did not come up");
        }

        // /sys is built from the subsystems declared when it is mounted: mount it again, with vm declared.
        Vfs.Reset();
        if (FileSystemSetup.MountStandardTree() != VfsStatus.Success)
        {
            throw new InvalidOperationException("the file tree could not be mounted");
        }

        s_mapCalls = 0;
    }

    /// <summary>The fake kernel root's physical address.</summary>
    public ulong KernelRoot { get; }

    /// <summary>The PAB now.</summary>
    public static byte[] Pab => Pmm.Pab.ToArray();

    /// <summary>Makes <paramref name="name"/> the active implementation (as writing /sys/vm/implementation does).</summary>
    public static void Use(string name)
    {
        string output = KernelHarness.Run("echo " + name + " > /sys/vm/implementation");
        if (output != "" || AddressSpaces.ImplementationName != name)
        {
            throw new InvalidOperationException("could not switch vm to " + name + ": " + output);
        }
    }

    /// <summary>The leaf entry of a page, walked by hand through the direct map (0 when a table is missing).</summary>
    public static ulong LeafEntry(AddressSpace space, ulong address)
    {
        ulong table = space.Root;
        for (int shift = 39; shift >= 12; shift -= 9)
        {
            ulong entry = ((ulong*)DirectMap.Pointer(table))[(address >> shift) & 511];
            if (shift == 12)
            {
                return entry;
            }

            if ((entry & UserPageTables.Present) == 0)
            {
                return 0;
            }

            table = entry & UserPageTables.AddressMask;
        }

        return 0;
    }

    /// <summary>The active implementation's table, through the facade, with Map calls counted (<see cref="MapCalls"/>).</summary>
    public static AddressSpaceOperations Operations
    {
        get
        {
            AddressSpaceOperations operations = AddressSpaces.Forwarding;
            operations.Map = &CountedMap;
            return operations;
        }
    }

    /// <summary>Map calls made through <see cref="Operations"/> since the harness booted (successful or not).</summary>
    public static int MapCalls => s_mapCalls;

    /// <summary>A new space of the active implementation (<paramref name="frameLimit"/> 0: no limit).</summary>
    public static AddressSpace NewSpace(ulong frameLimit = 0)
    {
        VmStatus status = AddressSpaces.Create(frameLimit, out AddressSpace space);
        return status == VmStatus.Success ? space : throw new InvalidOperationException("no space: " + status);
    }

    /// <summary>The pages of a space's user half (present or reserved leaves), lowest first, with their access.</summary>
    public static List<(ulong Address, PageAccess Access)> Pages(AddressSpace space)
    {
        var pages = new List<(ulong, PageAccess)>();
        AddLeaves(space, space.Root, 39, 0, pages);
        return pages;
    }

    /// <summary>Takes free frames from the PMM until <paramref name="free"/> are left (given back by <see cref="Release"/>).</summary>
    public void HoldAllBut(ulong free)
    {
        while (Pmm.Counts.FreeFrames > free)
        {
            if (Pmm.AllocateFrame(FrameOwner.Kernel, out PhysicalAddress frame) != PmmStatus.Success)
            {
                throw new InvalidOperationException("the PMM refused a frame it counts as free");
            }

            _held.Add(frame);
        }
    }

    /// <summary>Gives back the frames <see cref="HoldAllBut"/> took.</summary>
    public void Release()
    {
        foreach (PhysicalAddress frame in _held)
        {
            Pmm.Deallocate(frame, 1, FrameOwner.Kernel);
        }

        _held.Clear();
    }

    private static VmStatus CountedMap(void* context, AddressSpace space, ulong address, ulong length, PageAccess access)
    {
        s_mapCalls++;
        return AddressSpaces.Map(space, address, length, access);
    }

    // Every non-empty leaf below a table; top-level entries without the User bit are the kernel half.
    private static void AddLeaves(AddressSpace space, ulong table, int shift, ulong address, List<(ulong, PageAccess)> pages)
    {
        ulong* entries = (ulong*)DirectMap.Pointer(table);
        for (ulong i = 0; i < 512; i++)
        {
            ulong entry = entries[i];
            ulong at = address | (i << shift);
            if (shift == 12)
            {
                if (entry != 0)
                {
                    pages.Add((at, AddressSpaces.Query(space, at)));
                }
            }
            else if ((entry & UserPageTables.Present) != 0 && (entry & UserPageTables.User) != 0)
            {
                AddLeaves(space, entry & UserPageTables.AddressMask, shift - 9, at, pages);
            }
        }
    }

    /// <summary>Tears everything down.</summary>
    public void Dispose()
    {
        Release();
        VmSubsystem.Reset();
        _kernel.Dispose();
        DirectMap.SetOffset(0);
        NativeMemory.Free(_spaces);
        NativeMemory.AlignedFree(_window);
    }
}
