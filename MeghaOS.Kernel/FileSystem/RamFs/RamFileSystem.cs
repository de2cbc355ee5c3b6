// The root filesystem: directories and files kept in kernel heap memory. Files grow by reallocating (doubling) and
// give their memory back when emptied, so `echo x > f` repeated forever does not leak; a removed file or empty
// directory gives back its node and its content, at once or, while an open description still holds it, at its last
// release (so that descriptor keeps its own memory, as on Linux).
namespace MeghaOS.FileSystem.RamFs;

using System;
using MeghaOS.Memory;
using MeghaOS.Text;

/// <summary>The in-memory filesystem. Node handles are <see cref="RamNode"/> addresses.</summary>
public static unsafe partial class RamFileSystem
{
    /// <summary>Largest file ramfs keeps; writes beyond it fail with NoSpace rather than exhaust the kernel heap.</summary>
    public const ulong MaxFileSize = 16UL * 1024 * 1024;

    private const ulong MinimumCapacity = 64;

    /// <summary>Creates an empty filesystem (just a root directory) and fills <paramref name="operations"/>.</summary>
    public static VfsStatus Create(out FileSystemOperations operations)
    {
        operations = default;
        RamNode* root = NewNode(null, default, VfsNodeKind.Directory);
        if (root == null)
        {
            return VfsStatus.NoSpace;
        }

        root->Parent = root;
        operations.Name = "ramfs";
        operations.Context = root;
        operations.RootNode = (ulong)root;
        operations.Lookup = &Lookup;
        operations.Create = &CreateNode;
        operations.Stat = &Stat;
        operations.Read = &Read;
        operations.Write = &Write;
        operations.Truncate = &Truncate;
        operations.Remove = &Remove;
        operations.ReadDirectory = &ReadDirectory;
        operations.SetMode = &SetMode;
        operations.Rename = &Rename;
        operations.Hold = &Hold;
        operations.Release = &Release;
        return VfsStatus.Success;
    }

    /// <summary>Frees every node and all file content of the filesystem whose table is <paramref name="operations"/>.</summary>
    public static void Destroy(in FileSystemOperations operations)
    {
        RamNode* root = (RamNode*)operations.Context;
        if (root != null)
        {
            FreeTree(root);
        }
    }

    private static VfsStatus Lookup(void* context, ulong directory, ReadOnlySpan<byte> name, out ulong node)
    {
        node = 0;
        RamNode* parent = (RamNode*)directory;
        if (parent->Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        RamNode* child = Find(parent, name);
        if (child == null)
        {
            return VfsStatus.NotFound;
        }

        node = (ulong)child;
        return VfsStatus.Success;
    }

    private static VfsStatus CreateNode(void* context, ulong directory, ReadOnlySpan<byte> name, VfsNodeKind kind, out ulong node)
    {
        node = 0;
        RamNode* parent = (RamNode*)directory;
        if (parent->Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        if (name.Length == 0 || (kind != VfsNodeKind.File && kind != VfsNodeKind.Directory))
        {
            return VfsStatus.InvalidArgument;
        }

        if (name.Length > VfsPath.MaxNameLength)
        {
            return VfsStatus.NameTooLong;
        }

        if (Find(parent, name) != null)
        {
            return VfsStatus.AlreadyExists;
        }

        RamNode* child = NewNode(parent, name, kind);
        if (child == null)
        {
            return VfsStatus.NoSpace;
        }

        // Keep the list sorted by name.
        RamNode** link = &parent->FirstChild;
        while (*link != null && Compare(*link, name) < 0)
        {
            link = &(*link)->NextSibling;
        }

        child->NextSibling = *link;
        *link = child;
        parent->ChildCount++;
        node = (ulong)child;
        return VfsStatus.Success;
    }

    private static VfsStatus Stat(void* context, ulong handle, out VfsStat stat)
    {
        RamNode* node = (RamNode*)handle;
        stat = default;
        stat.Kind = node->Kind;
        stat.Size = node->Kind == VfsNodeKind.Directory ? node->ChildCount : node->Size;
        stat.IsReadOnly = false;
        stat.Mode = node->Mode;
        return VfsStatus.Success;
    }

    private static VfsStatus SetMode(void* context, ulong handle, uint mode)
    {
        ((RamNode*)handle)->Mode = mode & VfsStat.ModeMask;
        return VfsStatus.Success;
    }

    private static VfsStatus Read(void* context, ulong handle, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        RamNode* node = (RamNode*)handle;
        if (node->Kind == VfsNodeKind.Directory)
        {
            return VfsStatus.IsADirectory;
        }

        if (offset >= node->Size)
        {
            return VfsStatus.Success;
        }

        ulong available = node->Size - offset;
        int toCopy = available < (ulong)buffer.Length ? (int)available : buffer.Length;
        byte* source = node->Data + offset;
        for (int i = 0; i < toCopy; i++)
        {
            buffer[i] = source[i];
        }

        count = toCopy;
        return VfsStatus.Success;
    }

    private static VfsStatus Write(void* context, ulong handle, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        RamNode* node = (RamNode*)handle;
        if (node->Kind == VfsNodeKind.Directory)
        {
            return VfsStatus.IsADirectory;
        }

        if (data.Length == 0)
        {
            return VfsStatus.Success;
        }

        if (offset > MaxFileSize || (ulong)data.Length > MaxFileSize - offset)
        {
            return VfsStatus.NoSpace;
        }

        ulong end = offset + (ulong)data.Length;
        if (end > node->Capacity)
        {
            VfsStatus status = Grow(node, end);
            if (status != VfsStatus.Success)
            {
                return status;
            }
        }

        if (offset > node->Size)
        {
            // A write past the end leaves a hole that reads as zeros.
            Bytes.Fill(node->Data + node->Size, offset - node->Size, 0);
        }

        byte* destination = node->Data + offset;
        for (int i = 0; i < data.Length; i++)
        {
            destination[i] = data[i];
        }

        if (end > node->Size)
        {
            node->Size = end;
        }

        count = data.Length;
        return VfsStatus.Success;
    }

    private static VfsStatus Truncate(void* context, ulong handle)
    {
        RamNode* node = (RamNode*)handle;
        if (node->Kind == VfsNodeKind.Directory)
        {
            return VfsStatus.IsADirectory;
        }

        if (node->Data != null)
        {
            Heap.Free(node->Data);
        }

        node->Data = null;
        node->Size = 0;
        node->Capacity = 0;
        return VfsStatus.Success;
    }

    private static VfsStatus Remove(void* context, ulong directory, ReadOnlySpan<byte> name)
    {
        RamNode* parent = (RamNode*)directory;
        if (parent->Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        RamNode** link = &parent->FirstChild;
        while (*link != null && Compare(*link, name) != 0)
        {
            link = &(*link)->NextSibling;
        }

        RamNode* child = *link;
        if (child == null)
        {
            return VfsStatus.NotFound;
        }

        if (child->FirstChild != null)
        {
            return VfsStatus.DirectoryNotEmpty;
        }

        *link = child->NextSibling;
        parent->ChildCount--;
        Discard(child);
        return VfsStatus.Success;
    }

    // A node just taken out of its directory (removed, or replaced by a rename): freed now, or at its last release
    // when an open description still holds it (it is empty of children: only files and empty directories go).
    private static void Discard(RamNode* node)
    {
        node->NextSibling = null;
        if (node->Holders != 0)
        {
            node->Removed = true;
            return;
        }

        FreeTree(node);
    }

    private static void Hold(void* context, ulong handle) => ((RamNode*)handle)->Holders++;

    private static void Release(void* context, ulong handle)
    {
        RamNode* node = (RamNode*)handle;
        if (node->Holders != 0 && --node->Holders == 0 && node->Removed)
        {
            FreeTree(node);
        }
    }

    private static VfsStatus ReadDirectory(void* context, ulong handle, ulong index, Span<byte> name, out VfsDirectoryEntry entry)
    {
        entry = default;
        RamNode* directory = (RamNode*)handle;
        if (directory->Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        RamNode* child = directory->FirstChild;
        for (ulong i = 0; i < index && child != null; i++)
        {
            child = child->NextSibling;
        }

        if (child == null)
        {
            return VfsStatus.NotFound;
        }

        entry.Node = (ulong)child;
        entry.Kind = child->Kind;
        entry.NameLength = Bytes.Copy(new ReadOnlySpan<byte>(child->Name, child->NameLength), name);
        return VfsStatus.Success;
    }

    private static VfsStatus Grow(RamNode* node, ulong needed)
    {
        ulong capacity = node->Capacity < MinimumCapacity ? MinimumCapacity : node->Capacity;
        while (capacity < needed)
        {
            capacity *= 2;
        }

        if (capacity > MaxFileSize)
        {
            capacity = MaxFileSize;
        }

        byte* data = (byte*)Heap.Allocate((nuint)capacity);
        if (data == null)
        {
            return VfsStatus.NoSpace;
        }

        if (node->Data != null)
        {
            Bytes.Copy(data, node->Data, node->Size);
            Heap.Free(node->Data);
        }

        node->Data = data;
        node->Capacity = capacity;
        return VfsStatus.Success;
    }

    private static RamNode* NewNode(RamNode* parent, ReadOnlySpan<byte> name, VfsNodeKind kind)
    {
        RamNode* node = (RamNode*)Heap.Allocate((nuint)(sizeof(RamNode) + name.Length));
        if (node == null)
        {
            return null;
        }

        *node = default;
        node->Parent = parent;
        node->Kind = kind;
        node->Mode = kind == VfsNodeKind.Directory ? 0x1EDu : 0x1A4u;
        node->NameLength = name.Length;
        node->Name = RamNode.InlineName(node);
        byte* storedName = node->Name;
        for (int i = 0; i < name.Length; i++)
        {
            storedName[i] = name[i];
        }

        return node;
    }

    private static RamNode* Find(RamNode* directory, ReadOnlySpan<byte> name)
    {
        for (RamNode* child = directory->FirstChild; child != null; child = child->NextSibling)
        {
            if (Compare(child, name) == 0)
            {
                return child;
            }
        }

        return null;
    }

    // Byte-wise order of the node's name against `name`.
    private static int Compare(RamNode* node, ReadOnlySpan<byte> name)
    {
        byte* own = node->Name;
        int shorter = node->NameLength < name.Length ? node->NameLength : name.Length;
        for (int i = 0; i < shorter; i++)
        {
            if (own[i] != name[i])
            {
                return own[i] - name[i];
            }
        }

        return node->NameLength - name.Length;
    }

    private static void FreeTree(RamNode* node)
    {
        RamNode* child = node->FirstChild;
        while (child != null)
        {
            RamNode* next = child->NextSibling;
            FreeTree(child);
            child = next;
        }

        if (node->Data != null)
        {
            Heap.Free(node->Data);
        }

        if (node->Name != RamNode.InlineName(node))
        {
            Heap.Free(node->Name);
        }

        Heap.Free(node);
    }
}
