// The vm subsystem over the host PMM harness: KernelHarness's PMM manages 4 MiB of "physical" frames, which a native
// window of 4 MiB backs through the direct map (DirectMap's offset is the window's address), so the real page-table
// code writes real tables into real memory. A fake kernel root with top-level slots 0 and 511 in use stands for the
// kernel half. Dispose frees everything and sets the direct map back to 0.
namespace MeghaOS.Tests.Vm;

using System;
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

    /// <summary>Boots the harness and the vm subsystem (its catalog's default active).</summary>
    public VmHarness()
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

        entries[0] = KernelEntryLow;
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

    /// <summary>Tears everything down.</summary>
    public void Dispose()
    {
        VmSubsystem.Reset();
        _kernel.Dispose();
        DirectMap.SetOffset(0);
        NativeMemory.Free(_spaces);
        NativeMemory.AlignedFree(_window);
    }
}
