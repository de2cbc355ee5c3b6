// A filesystem whose tree is built by kernel code at start-up and whose files are produced by code: the common base
// of devfs and sysfs. Entries live in one kernel heap array with a fixed capacity chosen at creation.
namespace MeghaOS.FileSystem.Synthetic;

using System;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>Builds and serves synthetic filesystems (devfs, sysfs).</summary>
public static unsafe class SyntheticFileSystem
{
    /// <summary>Size of the buffer a <see cref="SyntheticFileOperations.Render"/> function gets.</summary>
    public const int RenderBufferSize = 4096;

    /// <summary>Index of the root directory.</summary>
    public const int Root = 0;

    private struct State
    {
        public SyntheticEntry* Entries;
        public int Count;
        public int Capacity;
    }

    /// <summary>Creates an empty filesystem called <paramref name="name"/> with room for <paramref name="capacity"/> nodes.</summary>
    public static VfsStatus Create(string name, int capacity, out FileSystemOperations operations)
    {
        operations = default;
        if (capacity < 1)
        {
            return VfsStatus.InvalidArgument;
        }

        State* state = (State*)Heap.Allocate((nuint)sizeof(State));
        if (state == null)
        {
            return VfsStatus.NoSpace;
        }

        SyntheticEntry* entries = (SyntheticEntry*)Heap.Allocate((nuint)(sizeof(SyntheticEntry) * capacity));
        if (entries == null)
        {
            Heap.Free(state);
            return VfsStatus.NoSpace;
        }

        state->Entries = entries;
        state->Capacity = capacity;
        state->Count = 1;
        entries[0] = default;
        entries[0].IsDirectory = true;

        operations.Name = name;
        operations.Context = state;
        operations.RootNode = Root;
        operations.Lookup = &Lookup;
        operations.Stat = &Stat;
        operations.Read = &Read;
        operations.Write = &Write;
        operations.ReadDirectory = &ReadDirectory;
        return VfsStatus.Success;
    }

    /// <summary>Frees the entries and names of a filesystem made by <see cref="Create"/>.</summary>
    public static void Destroy(in FileSystemOperations operations)
    {
        State* state = (State*)operations.Context;
        if (state == null)
        {
            return;
        }

        for (int i = 1; i < state->Count; i++)
        {
            Heap.Free(state->Entries[i].Name);
        }

        Heap.Free(state->Entries);
        Heap.Free(state);
    }

    /// <summary>Adds directory <paramref name="name"/> under directory <paramref name="parent"/>, or returns the existing one; -1 on failure.</summary>
    public static int AddDirectory(in FileSystemOperations operations, int parent, ReadOnlySpan<byte> name)
    {
        State* state = (State*)operations.Context;
        int existing = Find(state, parent, name);
        if (existing >= 0)
        {
            return state->Entries[existing].IsDirectory ? existing : -1;
        }

        return Add(state, parent, name, true, default);
    }

    /// <summary>Adds file <paramref name="name"/> under directory <paramref name="parent"/>; -1 when full, a duplicate or out of memory.</summary>
    public static int AddFile(in FileSystemOperations operations, int parent, ReadOnlySpan<byte> name, in SyntheticFileOperations file)
    {
        State* state = (State*)operations.Context;
        if (Find(state, parent, name) >= 0)
        {
            return -1;
        }

        return Add(state, parent, name, false, file);
    }

    private static int Add(State* state, int parent, ReadOnlySpan<byte> name, bool isDirectory, in SyntheticFileOperations file)
    {
        if (state->Count >= state->Capacity || parent < 0 || parent >= state->Count || !state->Entries[parent].IsDirectory ||
            name.Length == 0 || name.Length > VfsPath.MaxNameLength)
        {
            return -1;
        }

        byte* storedName = (byte*)Heap.Allocate((nuint)name.Length);
        if (storedName == null)
        {
            return -1;
        }

        for (int i = 0; i < name.Length; i++)
        {
            storedName[i] = name[i];
        }

        int index = state->Count++;
        SyntheticEntry* entry = &state->Entries[index];
        *entry = default;
        entry->Name = storedName;
        entry->NameLength = name.Length;
        entry->Parent = parent;
        entry->IsDirectory = isDirectory;
        entry->File = file;
        return index;
    }

    private static int Find(State* state, int parent, ReadOnlySpan<byte> name)
    {
        for (int i = 1; i < state->Count; i++)
        {
            SyntheticEntry* entry = &state->Entries[i];
            if (entry->Parent == parent && Bytes.Equal(new ReadOnlySpan<byte>(entry->Name, entry->NameLength), name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsPresent(SyntheticEntry* entry) =>
        entry->IsDirectory || entry->File.IsPresent == null || entry->File.IsPresent(entry->File.Context);

    private static SyntheticEntry* EntryOf(void* context, ulong node)
    {
        State* state = (State*)context;
        return node < (ulong)state->Count ? &state->Entries[node] : null;
    }

    private static VfsStatus Lookup(void* context, ulong directory, ReadOnlySpan<byte> name, out ulong node)
    {
        node = 0;
        SyntheticEntry* parent = EntryOf(context, directory);
        if (parent == null)
        {
            return VfsStatus.NotFound;
        }

        if (!parent->IsDirectory)
        {
            return VfsStatus.NotADirectory;
        }

        int index = Find((State*)context, (int)directory, name);
        if (index < 0 || !IsPresent(EntryOf(context, (ulong)index)))
        {
            return VfsStatus.NotFound;
        }

        node = (ulong)index;
        return VfsStatus.Success;
    }

    private static VfsStatus Stat(void* context, ulong node, out VfsStat stat)
    {
        stat = default;
        SyntheticEntry* entry = EntryOf(context, node);
        if (entry == null)
        {
            return VfsStatus.NotFound;
        }

        if (entry->IsDirectory)
        {
            stat.Kind = VfsNodeKind.Directory;
            stat.IsReadOnly = true;
            stat.Size = CountChildren((State*)context, (int)node);
            return VfsStatus.Success;
        }

        stat.Kind = entry->File.Kind;
        stat.IsReadOnly = entry->File.Write == null;
        stat.IsFrameBitmap = entry->File.IsFrameBitmap;
        if (entry->File.Render != null)
        {
            byte* buffer = stackalloc byte[RenderBufferSize];
            stat.Size = (ulong)RenderInto(entry, buffer);
        }
        else if (entry->File.Size != null)
        {
            stat.Size = entry->File.Size(entry->File.Context);
        }

        return VfsStatus.Success;
    }

    private static VfsStatus Read(void* context, ulong node, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        SyntheticEntry* entry = EntryOf(context, node);
        if (entry == null)
        {
            return VfsStatus.NotFound;
        }

        if (entry->IsDirectory)
        {
            return VfsStatus.IsADirectory;
        }

        if (entry->File.Render == null)
        {
            return entry->File.Read(entry->File.Context, offset, buffer, out count);
        }

        byte* text = stackalloc byte[RenderBufferSize];
        int length = RenderInto(entry, text);
        if (offset >= (ulong)length)
        {
            return VfsStatus.Success;
        }

        count = Bytes.Copy(new ReadOnlySpan<byte>(text + offset, length - (int)offset), buffer);
        return VfsStatus.Success;
    }

    private static VfsStatus Write(void* context, ulong node, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        SyntheticEntry* entry = EntryOf(context, node);
        if (entry == null)
        {
            return VfsStatus.NotFound;
        }

        if (entry->IsDirectory)
        {
            return VfsStatus.IsADirectory;
        }

        if (entry->File.Write == null)
        {
            return VfsStatus.ReadOnly;
        }

        return entry->File.Write(entry->File.Context, offset, data, out count);
    }

    private static VfsStatus ReadDirectory(void* context, ulong directory, ulong index, Span<byte> name, out VfsDirectoryEntry result)
    {
        result = default;
        State* state = (State*)context;
        SyntheticEntry* parent = EntryOf(context, directory);
        if (parent == null)
        {
            return VfsStatus.NotFound;
        }

        if (!parent->IsDirectory)
        {
            return VfsStatus.NotADirectory;
        }

        ulong seen = 0;
        for (int i = 1; i < state->Count; i++)
        {
            SyntheticEntry* entry = &state->Entries[i];
            if (entry->Parent != (int)directory || !IsPresent(entry))
            {
                continue;
            }

            if (seen++ == index)
            {
                result.Node = (ulong)i;
                result.Kind = entry->IsDirectory ? VfsNodeKind.Directory : entry->File.Kind;
                result.NameLength = Bytes.Copy(new ReadOnlySpan<byte>(entry->Name, entry->NameLength), name);
                return VfsStatus.Success;
            }
        }

        return VfsStatus.NotFound;
    }

    private static ulong CountChildren(State* state, int directory)
    {
        ulong count = 0;
        for (int i = 1; i < state->Count; i++)
        {
            if (state->Entries[i].Parent == directory && IsPresent(&state->Entries[i]))
            {
                count++;
            }
        }

        return count;
    }

    private static int RenderInto(SyntheticEntry* entry, byte* buffer)
    {
        int length = entry->File.Render(entry->File.Context, new Span<byte>(buffer, RenderBufferSize));
        if (length < 0)
        {
            return 0;
        }

        return length > RenderBufferSize ? RenderBufferSize : length;
    }
}
