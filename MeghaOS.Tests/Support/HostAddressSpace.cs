// An AddressSpaceOperations implementation over host memory, for testing code that fills address spaces (the ELF
// loader, the initial stack) without page tables: each space is a dictionary of 4 KiB pages with their access, every
// mapped page counts as one frame, Map hands out zero-filled pages, Read and Write check every page they touch as the
// real implementation must. A frame budget (all spaces together) makes Map fail with OutOfMemory part-way through a
// program, so tests can check that a failed load gives every frame back.
namespace MeghaOS.Tests.Support;

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MeghaOS.Memory.Paging;

/// <summary>A fake "vm" subsystem whose pages live in host memory; dispose to release its handle.</summary>
public sealed unsafe class HostAddressSpace : IDisposable
{
    /// <summary>The first address of the kernel half; Map refuses ranges reaching it.</summary>
    public const ulong UserEnd = 0x0000_8000_0000_0000;

    private const ulong PageSize = 4096;

    private readonly Dictionary<ulong, Space> _spaces = new();
    private GCHandle _handle;
    private ulong _nextRoot = 0x1000;

    /// <summary>Creates the fake.</summary>
    public HostAddressSpace() => _handle = GCHandle.Alloc(this);

    /// <summary>Pages (frames) mapped now, in every space.</summary>
    public ulong FramesOutstanding { get; private set; }

    /// <summary>Most frames that may be outstanding; a Map beyond fails with OutOfMemory and maps nothing.</summary>
    public ulong FrameBudget { get; set; } = ulong.MaxValue;

    /// <summary>Map calls made so far (successful or not).</summary>
    public int MapCalls { get; private set; }

    /// <summary>The operations table.</summary>
    public AddressSpaceOperations Operations => new AddressSpaceOperations
    {
        Context = (void*)GCHandle.ToIntPtr(_handle),
        Create = &Create,
        Destroy = &Destroy,
        Map = &Map,
        Unmap = &Unmap,
        Protect = &Protect,
        Clone = &Clone,
        Read = &Read,
        Write = &Write,
        Query = &Query,
        HandleFault = &HandleFault,
        FrameCount = &FrameCount,
        Activate = &Activate,
    };

    /// <summary>A new empty space.</summary>
    public AddressSpace NewSpace()
    {
        AddressSpaceOperations operations = Operations;
        if (operations.Create(operations.Context, 0, out AddressSpace space) != VmStatus.Success)
        {
            throw new InvalidOperationException("the host address space could not be created");
        }

        return space;
    }

    /// <summary>The mapped pages of a space, lowest first, with their access.</summary>
    public IReadOnlyList<(ulong Address, PageAccess Access)> Pages(AddressSpace space)
    {
        var pages = new List<(ulong, PageAccess)>();
        foreach (KeyValuePair<ulong, Page> page in _spaces[space.Root].Pages)
        {
            pages.Add((page.Key, page.Value.Access));
        }

        pages.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return pages;
    }

    /// <summary>Reads bytes through the operations table (as the kernel's copy-in does); throws when they are not mapped.</summary>
    public byte[] ReadBytes(AddressSpace space, ulong address, int count)
    {
        var bytes = new byte[count];
        fixed (byte* destination = bytes)
        {
            VmStatus status = Read(Operations.Context, space, address, destination, (ulong)count);
            if (status != VmStatus.Success)
            {
                throw new InvalidOperationException($"reading {count} bytes at 0x{address:x}: {status}");
            }
        }

        return bytes;
    }

    /// <summary>Reads a little-endian 64-bit word.</summary>
    public ulong ReadWord(AddressSpace space, ulong address) => BitConverter.ToUInt64(ReadBytes(space, address, 8));

    /// <summary>Reads a NUL-terminated string.</summary>
    public string ReadString(AddressSpace space, ulong address)
    {
        var bytes = new List<byte>();
        for (ulong at = address; ; at++)
        {
            byte value = ReadBytes(space, at, 1)[0];
            if (value == 0)
            {
                return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(value);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }

    private static HostAddressSpace Of(void* context) => (HostAddressSpace)GCHandle.FromIntPtr((IntPtr)context).Target!;

    private static VmStatus Create(void* context, ulong frameLimit, out AddressSpace space)
    {
        HostAddressSpace self = Of(context);
        space = new AddressSpace(self._nextRoot);
        self._nextRoot += PageSize;
        self._spaces[space.Root] = new Space { FrameLimit = frameLimit == 0 ? ulong.MaxValue : frameLimit };
        return VmStatus.Success;
    }

    private static VmStatus Destroy(void* context, AddressSpace space)
    {
        HostAddressSpace self = Of(context);
        if (!self._spaces.Remove(space.Root, out Space? removed))
        {
            return VmStatus.InvalidSpace;
        }

        self.FramesOutstanding -= (ulong)removed.Pages.Count;
        return VmStatus.Success;
    }

    private static VmStatus CheckRange(ulong address, ulong length)
    {
        if ((address | length) % PageSize != 0 || length == 0 || address + length < address)
        {
            return VmStatus.Misaligned;
        }

        return address + length > UserEnd ? VmStatus.NotUserRange : VmStatus.Success;
    }

    private static VmStatus Map(void* context, AddressSpace root, ulong address, ulong length, PageAccess access)
    {
        HostAddressSpace self = Of(context);
        self.MapCalls++;
        if (!self._spaces.TryGetValue(root.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        VmStatus status = CheckRange(address, length);
        if (status != VmStatus.Success)
        {
            return status;
        }

        ulong pages = length / PageSize;
        for (ulong page = address; page < address + length; page += PageSize)
        {
            if (space.Pages.ContainsKey(page))
            {
                return VmStatus.AlreadyMapped;
            }
        }

        if ((ulong)space.Pages.Count + pages > space.FrameLimit)
        {
            return VmStatus.LimitReached;
        }

        if (self.FramesOutstanding + pages > self.FrameBudget)
        {
            return VmStatus.OutOfMemory;
        }

        for (ulong page = address; page < address + length; page += PageSize)
        {
            space.Pages[page] = new Page { Data = new byte[PageSize], Access = access | PageAccess.Read };
        }

        self.FramesOutstanding += pages;
        return VmStatus.Success;
    }

    private static VmStatus Unmap(void* context, AddressSpace root, ulong address, ulong length)
    {
        HostAddressSpace self = Of(context);
        if (!self._spaces.TryGetValue(root.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        VmStatus status = CheckRange(address, length);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += PageSize)
        {
            if (space.Pages.Remove(page))
            {
                self.FramesOutstanding--;
            }
        }

        return VmStatus.Success;
    }

    private static VmStatus Protect(void* context, AddressSpace root, ulong address, ulong length, PageAccess access)
    {
        HostAddressSpace self = Of(context);
        if (!self._spaces.TryGetValue(root.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        VmStatus status = CheckRange(address, length);
        if (status != VmStatus.Success)
        {
            return status;
        }

        for (ulong page = address; page < address + length; page += PageSize)
        {
            if (!space.Pages.ContainsKey(page))
            {
                return VmStatus.Fault;
            }
        }

        for (ulong page = address; page < address + length; page += PageSize)
        {
            space.Pages[page].Access = access | PageAccess.Read;
        }

        return VmStatus.Success;
    }

    private static VmStatus Clone(void* context, AddressSpace root, out AddressSpace copy)
    {
        HostAddressSpace self = Of(context);
        copy = default;
        if (!self._spaces.TryGetValue(root.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        if (self.FramesOutstanding + (ulong)space.Pages.Count > self.FrameBudget)
        {
            return VmStatus.OutOfMemory;
        }

        Create(context, space.FrameLimit, out copy);
        Space target = self._spaces[copy.Root];
        foreach (KeyValuePair<ulong, Page> page in space.Pages)
        {
            target.Pages[page.Key] = new Page { Data = (byte[])page.Value.Data.Clone(), Access = page.Value.Access };
        }

        self.FramesOutstanding += (ulong)space.Pages.Count;
        return VmStatus.Success;
    }

    // Walks [address, address + count) page by page; Fault unless every page is mapped (and writable when asked).
    private static VmStatus Copy(void* context, AddressSpace root, ulong address, byte* bytes, ulong count, bool toSpace, bool needWrite)
    {
        HostAddressSpace self = Of(context);
        if (!self._spaces.TryGetValue(root.Root, out Space? space))
        {
            return VmStatus.InvalidSpace;
        }

        if (address + count < address || address + count > UserEnd)
        {
            return VmStatus.Fault;
        }

        for (ulong at = address & ~(PageSize - 1); at < address + count; at += PageSize)
        {
            if (!space.Pages.TryGetValue(at, out Page? page) || (needWrite && (page.Access & PageAccess.Write) == 0))
            {
                return VmStatus.Fault;
            }
        }

        for (ulong done = 0; done < count;)
        {
            ulong at = address + done;
            Page page = space.Pages[at & ~(PageSize - 1)];
            int offset = (int)(at % PageSize);
            int chunk = (int)Math.Min(PageSize - (ulong)offset, count - done);
            var window = new Span<byte>(bytes + done, chunk);
            if (toSpace)
            {
                window.CopyTo(page.Data.AsSpan(offset, chunk));
            }
            else
            {
                page.Data.AsSpan(offset, chunk).CopyTo(window);
            }

            done += (ulong)chunk;
        }

        return VmStatus.Success;
    }

    private static VmStatus Read(void* context, AddressSpace space, ulong address, byte* destination, ulong count) =>
        Copy(context, space, address, destination, count, false, false);

    private static VmStatus Write(void* context, AddressSpace space, ulong address, byte* source, ulong count, bool asUser) =>
        Copy(context, space, address, source, count, true, asUser);

    private static PageAccess Query(void* context, AddressSpace root, ulong address)
    {
        HostAddressSpace self = Of(context);
        return self._spaces.TryGetValue(root.Root, out Space? space) && space.Pages.TryGetValue(address & ~(PageSize - 1), out Page? page)
            ? page.Access
            : PageAccess.None;
    }

    private static bool HandleFault(void* context, AddressSpace space, ulong address, bool write) => false;

    private static ulong FrameCount(void* context, AddressSpace root)
    {
        HostAddressSpace self = Of(context);
        return self._spaces.TryGetValue(root.Root, out Space? space) ? (ulong)space.Pages.Count : 0;
    }

    private static void Activate(void* context, AddressSpace space)
    {
    }

    private sealed class Space
    {
        public ulong FrameLimit;
        public Dictionary<ulong, Page> Pages = new();
    }

    private sealed class Page
    {
        public byte[] Data = Array.Empty<byte>();
        public PageAccess Access;
    }
}
