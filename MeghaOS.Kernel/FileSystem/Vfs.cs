// The virtual filesystem: one tree made of mounted filesystems, a current directory, and the calls the shell and the
// kernel use (open, read, write, stat, readdir, mkdir, remove, cd). Paths are normalised first, then walked name by
// name from the root, stepping onto a mounted filesystem's root whenever a walk reaches its mount point (a directory
// entry that is a mount point is described, like a path, by the filesystem mounted there).
namespace MeghaOS.FileSystem;

using System;
using MeghaOS.Memory;

/// <summary>The VFS facade. Install a root filesystem with <see cref="Initialize"/>, then mount others on its directories.</summary>
public static unsafe partial class Vfs
{
    private static byte* s_currentDirectory;
    private static int s_currentDirectoryLength;
    private static bool s_isInitialized;

    /// <summary>True once a root filesystem is installed.</summary>
    public static bool IsInitialized => s_isInitialized;

    /// <summary>The current directory, a canonical absolute path.</summary>
    public static ReadOnlySpan<byte> CurrentDirectory =>
        s_isInitialized ? new ReadOnlySpan<byte>(s_currentDirectory, s_currentDirectoryLength) : "/"u8;

    /// <summary>Makes <paramref name="root"/> the root filesystem and "/" the current directory. Takes its buffer from the heap.</summary>
    public static VfsStatus Initialize(in FileSystemOperations root)
    {
        if (!root.IsComplete)
        {
            return VfsStatus.InvalidArgument;
        }

        if (s_isInitialized)
        {
            return VfsStatus.AlreadyExists;
        }

        byte* currentDirectory = (byte*)Heap.Allocate(VfsPath.MaxPathLength);
        if (currentDirectory == null)
        {
            return VfsStatus.NoSpace;
        }

        MountTable.Clear();
        ref MountEntry slot = ref MountTable.Slot(0);
        slot.Operations = root;
        slot.InUse = true;
        s_currentDirectory = currentDirectory;
        s_currentDirectory[0] = (byte)'/';
        s_currentDirectoryLength = 1;
        s_isInitialized = true;
        return VfsStatus.Success;
    }

    /// <summary>Forgets every mount and the current directory. For tests; filesystems' memory is theirs to free.</summary>
    public static void Reset()
    {
        if (s_isInitialized)
        {
            Heap.Free(s_currentDirectory);
        }

        MountTable.Clear();
        s_currentDirectory = null;
        s_currentDirectoryLength = 0;
        s_isInitialized = false;
    }

    /// <summary>Mounts <paramref name="fileSystem"/> on the existing directory <paramref name="path"/>.</summary>
    public static VfsStatus Mount(ReadOnlySpan<byte> path, in FileSystemOperations fileSystem)
    {
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        if (!fileSystem.IsComplete)
        {
            return VfsStatus.InvalidArgument;
        }

        VfsStatus status = Resolve(path, out VfsNode node);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Stat(node, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (stat.Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        if (node.Mount != 0 && node.Node == MountTable.Slot(node.Mount).Operations.RootNode)
        {
            // The path named another mount's root: mounting there would hide that mount.
            return VfsStatus.MountPointBusy;
        }

        int index = MountTable.FindFree();
        if (index < 0)
        {
            return VfsStatus.TooManyMounts;
        }

        ref MountEntry slot = ref MountTable.Slot(index);
        slot.Operations = fileSystem;
        slot.CoveredNode = node;
        slot.InUse = true;
        return VfsStatus.Success;
    }

    /// <summary>Writes the canonical absolute form of <paramref name="path"/> (relative to the current directory).</summary>
    public static VfsStatus Normalize(ReadOnlySpan<byte> path, Span<byte> output, out int length) =>
        VfsPath.Normalize(CurrentDirectory, path, output, out length);

    /// <summary>Finds the node <paramref name="path"/> names.</summary>
    public static VfsStatus Resolve(ReadOnlySpan<byte> path, out VfsNode node)
    {
        node = default;
        byte* buffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Canonical(path, buffer, out ReadOnlySpan<byte> canonical);
        return status != VfsStatus.Success ? status : Walk(canonical, out node);
    }

    /// <summary>Opens the file or directory at <paramref name="path"/>; see <see cref="VfsOpenMode"/> for creating and emptying.</summary>
    public static VfsStatus Open(ReadOnlySpan<byte> path, VfsOpenMode mode, out VfsFile file)
    {
        file = default;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        if ((mode & (VfsOpenMode.Read | VfsOpenMode.Write)) == 0)
        {
            return VfsStatus.InvalidArgument;
        }

        bool writing = (mode & VfsOpenMode.Write) != 0;
        byte* buffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Canonical(path, buffer, out ReadOnlySpan<byte> canonical);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Walk(canonical, out VfsNode node);
        bool created = false;
        if (status == VfsStatus.NotFound && writing && (mode & VfsOpenMode.Create) != 0)
        {
            status = CreateNode(canonical, VfsNodeKind.File, out node);
            created = true;
        }

        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Stat(node, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (writing)
        {
            if (stat.Kind == VfsNodeKind.Directory)
            {
                return VfsStatus.IsADirectory;
            }

            if (stat.IsReadOnly)
            {
                return VfsStatus.ReadOnly;
            }

            ref FileSystemOperations operations = ref MountTable.Slot(node.Mount).Operations;
            if (!created && (mode & VfsOpenMode.Truncate) != 0 && operations.Truncate != null)
            {
                status = operations.Truncate(operations.Context, node.Node);
                if (status != VfsStatus.Success)
                {
                    return status;
                }
            }
        }

        file = new VfsFile(node, mode);
        return VfsStatus.Success;
    }

    /// <summary>
    /// A description that outlives the call that opened the file (a process's open file) holds its node, so that
    /// removing or replacing the file does not free the node under it; <see cref="Release"/> at its last close.
    /// </summary>
    public static void Hold(in VfsFile file)
    {
        ref FileSystemOperations operations = ref MountTable.Slot(file.Node.Mount).Operations;
        if (operations.Hold != null)
        {
            operations.Hold(operations.Context, file.Node.Node);
        }
    }

    /// <summary>Ends a <see cref="Hold"/>: a removed node is freed at its last release.</summary>
    public static void Release(in VfsFile file)
    {
        ref FileSystemOperations operations = ref MountTable.Slot(file.Node.Mount).Operations;
        if (operations.Release != null)
        {
            operations.Release(operations.Context, file.Node.Node);
        }
    }

    /// <summary>Reads from byte <paramref name="offset"/>; <paramref name="count"/> is short at the end of the file, 0 past it.</summary>
    public static VfsStatus Read(in VfsFile file, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        if (!file.CanRead)
        {
            return VfsStatus.BadHandle;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(file.Node.Mount).Operations;
        return operations.Read(operations.Context, file.Node.Node, offset, buffer, out count);
    }

    /// <summary>Writes at byte <paramref name="offset"/>.</summary>
    public static VfsStatus Write(in VfsFile file, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        if (!file.CanWrite)
        {
            return VfsStatus.BadHandle;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(file.Node.Mount).Operations;
        return operations.Write(operations.Context, file.Node.Node, offset, data, out count);
    }

    /// <summary>Describes an open file.</summary>
    public static VfsStatus Stat(in VfsFile file, out VfsStat stat) => Stat(file.Node, out stat);

    /// <summary>Describes the node at <paramref name="path"/>.</summary>
    public static VfsStatus Stat(ReadOnlySpan<byte> path, out VfsStat stat)
    {
        stat = default;
        VfsStatus status = Resolve(path, out VfsNode node);
        return status != VfsStatus.Success ? status : Stat(node, out stat);
    }

    /// <summary>Sets the permission bits of the node at <paramref name="path"/>; NotSupported where the filesystem keeps none.</summary>
    public static VfsStatus SetMode(ReadOnlySpan<byte> path, uint mode)
    {
        VfsStatus status = Resolve(path, out VfsNode node);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(node.Mount).Operations;
        return operations.SetMode == null ? VfsStatus.NotSupported : operations.SetMode(operations.Context, node.Node, mode);
    }

    /// <summary>Describes a node.</summary>
    public static VfsStatus Stat(VfsNode node, out VfsStat stat)
    {
        stat = default;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(node.Mount).Operations;
        return operations.Stat(operations.Context, node.Node, out stat);
    }

    /// <summary>
    /// Describes <paramref name="entry"/> of the open <paramref name="directory"/> as its path would be described: a
    /// directory another filesystem is mounted on is that filesystem's root (so `ls /` and `stat /dev` agree).
    /// </summary>
    public static VfsStatus Stat(in VfsFile directory, in VfsDirectoryEntry entry, out VfsStat stat) =>
        Stat(CrossMounts(new VfsNode(directory.Node.Mount, entry.Node)), out stat);

    /// <summary>Describes entry number <paramref name="index"/> of an open directory and writes its name; NotFound past the end.</summary>
    public static VfsStatus ReadDirectory(in VfsFile directory, ulong index, Span<byte> name, out VfsDirectoryEntry entry)
    {
        entry = default;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        if (!directory.CanRead)
        {
            return VfsStatus.BadHandle;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(directory.Node.Mount).Operations;
        return operations.ReadDirectory(operations.Context, directory.Node.Node, index, name, out entry);
    }

    /// <summary>Creates the directory <paramref name="path"/>; its parent must exist.</summary>
    public static VfsStatus MakeDirectory(ReadOnlySpan<byte> path)
    {
        byte* buffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Canonical(path, buffer, out ReadOnlySpan<byte> canonical);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Walk(canonical, out VfsNode _);
        if (status == VfsStatus.Success)
        {
            return VfsStatus.AlreadyExists;
        }

        if (status != VfsStatus.NotFound)
        {
            return status;
        }

        return CreateNode(canonical, VfsNodeKind.Directory, out VfsNode _);
    }

    /// <summary>
    /// Removes the file (<paramref name="kind"/> File) or the empty directory (Directory) at <paramref name="path"/>,
    /// and its memory. Fails with IsADirectory / NotADirectory when the node is of the other kind, Busy for the root,
    /// a mount point or the current directory (or one above it), DirectoryNotEmpty, and ReadOnly where the
    /// filesystem cannot remove (devfs, sysfs).
    /// </summary>
    public static VfsStatus Remove(ReadOnlySpan<byte> path, VfsNodeKind kind)
    {
        byte* buffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Examine(path, buffer, out ReadOnlySpan<byte> canonical, out VfsNode node, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (kind == VfsNodeKind.Directory && stat.Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        if (kind != VfsNodeKind.Directory && stat.Kind == VfsNodeKind.Directory)
        {
            return VfsStatus.IsADirectory;
        }

        if (!VfsPath.SplitLast(canonical, out ReadOnlySpan<byte> parentPath, out ReadOnlySpan<byte> name) ||
            VfsPath.IsWithin(CurrentDirectory, canonical))
        {
            return VfsStatus.Busy;
        }

        status = Walk(parentPath, out VfsNode parent);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        // A walk to the node steps onto the root of a filesystem mounted there; the parent's own entry shows it.
        ref FileSystemOperations operations = ref MountTable.Slot(parent.Mount).Operations;
        if (operations.Lookup(operations.Context, parent.Node, name, out ulong entry) == VfsStatus.Success &&
            MountTable.FindCovering(new VfsNode(parent.Mount, entry)) >= 0)
        {
            return VfsStatus.Busy;
        }

        return operations.Remove == null ? VfsStatus.ReadOnly : operations.Remove(operations.Context, parent.Node, name);
    }

    // The canonical form of a path (in the caller's buffer), the node it names and that node's stat.
    private static VfsStatus Examine(ReadOnlySpan<byte> path, byte* buffer, out ReadOnlySpan<byte> canonical, out VfsNode node, out VfsStat stat)
    {
        node = default;
        stat = default;
        VfsStatus status = Canonical(path, buffer, out canonical);
        if (status == VfsStatus.Success)
        {
            status = Walk(canonical, out node);
        }

        return status == VfsStatus.Success ? Stat(node, out stat) : status;
    }

    /// <summary>Makes <paramref name="path"/>, which must be a directory, the current directory.</summary>
    public static VfsStatus ChangeDirectory(ReadOnlySpan<byte> path)
    {
        byte* buffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Examine(path, buffer, out ReadOnlySpan<byte> canonical, out VfsNode node, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (stat.Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        for (int i = 0; i < canonical.Length; i++)
        {
            s_currentDirectory[i] = canonical[i];
        }

        s_currentDirectoryLength = canonical.Length;
        return VfsStatus.Success;
    }

    // The canonical absolute form of `path` in `buffer` (VfsPath.MaxPathLength bytes): NotInitialized before a root is
    // installed, or Normalize's failure.
    private static VfsStatus Canonical(ReadOnlySpan<byte> path, byte* buffer, out ReadOnlySpan<byte> canonical)
    {
        canonical = default;
        if (!s_isInitialized)
        {
            return VfsStatus.NotInitialized;
        }

        VfsStatus status = Normalize(path, new Span<byte>(buffer, VfsPath.MaxPathLength), out int length);
        canonical = new ReadOnlySpan<byte>(buffer, status == VfsStatus.Success ? length : 0);
        return status;
    }

    // Walks a canonical path from the root, crossing onto mounted filesystems.
    private static VfsStatus Walk(ReadOnlySpan<byte> canonical, out VfsNode node)
    {
        node = CrossMounts(new VfsNode(0, MountTable.Slot(0).Operations.RootNode));
        int position = 0;
        while (VfsPath.NextComponent(canonical, ref position, out ReadOnlySpan<byte> name))
        {
            ref FileSystemOperations operations = ref MountTable.Slot(node.Mount).Operations;
            VfsStatus status = operations.Lookup(operations.Context, node.Node, name, out ulong child);
            if (status != VfsStatus.Success)
            {
                node = default;
                return status;
            }

            node = CrossMounts(new VfsNode(node.Mount, child));
        }

        return VfsStatus.Success;
    }

    private static VfsNode CrossMounts(VfsNode node)
    {
        for (int mount = MountTable.FindCovering(node); mount >= 0; mount = MountTable.FindCovering(node))
        {
            node = new VfsNode(mount, MountTable.Slot(mount).Operations.RootNode);
        }

        return node;
    }

    private static VfsStatus CreateNode(ReadOnlySpan<byte> canonical, VfsNodeKind kind, out VfsNode node)
    {
        node = default;
        if (!VfsPath.SplitLast(canonical, out ReadOnlySpan<byte> parentPath, out ReadOnlySpan<byte> name))
        {
            return VfsStatus.AlreadyExists;
        }

        VfsStatus status = Walk(parentPath, out VfsNode parent);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(parent.Mount).Operations;
        if (operations.Create == null)
        {
            return VfsStatus.ReadOnly;
        }

        status = operations.Create(operations.Context, parent.Node, name, kind, out ulong child);
        if (status == VfsStatus.Success)
        {
            node = new VfsNode(parent.Mount, child);
        }

        return status;
    }
}
