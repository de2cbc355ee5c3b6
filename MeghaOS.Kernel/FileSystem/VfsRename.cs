// Rename in the VFS: the checks that need the whole tree (both paths on one mounted filesystem, mount points, a
// directory moved into its own subtree, the current directory) before the filesystem's own Rename moves the entry.
// The order of the checks follows Linux's renameat2, so each failure gives the error Linux would.
namespace MeghaOS.FileSystem;

using System;

public static unsafe partial class Vfs
{
    /// <summary>
    /// Moves the file or directory at <paramref name="from"/> to <paramref name="to"/>, as rename(2) does: an existing
    /// file at <paramref name="to"/> is replaced (unless <paramref name="noReplace"/>, which gives AlreadyExists), a
    /// directory may replace only an empty directory. Fails with NotFound, NotADirectory (a parent of
    /// <paramref name="to"/> is a file, or a directory over a file), IsADirectory (a file over a directory),
    /// DirectoryNotEmpty (also when <paramref name="to"/> lies above <paramref name="from"/>), InvalidArgument (a
    /// directory into its own subtree), CrossDevice (two mounted filesystems), Busy (the root, a mount point, or the
    /// current directory or one above it) and NotPermitted where the filesystem cannot rename (devfs, sysfs). Renaming
    /// a path onto itself changes nothing and succeeds.
    /// </summary>
    public static VfsStatus Rename(ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, bool noReplace)
    {
        byte* fromBuffer = stackalloc byte[VfsPath.MaxPathLength];
        byte* toBuffer = stackalloc byte[VfsPath.MaxPathLength];
        VfsStatus status = Examine(from, fromBuffer, out ReadOnlySpan<byte> source, out VfsNode _, out VfsStat sourceStat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Canonical(to, toBuffer, out ReadOnlySpan<byte> target);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (!VfsPath.SplitLast(source, out ReadOnlySpan<byte> sourceParentPath, out ReadOnlySpan<byte> sourceName) ||
            !VfsPath.SplitLast(target, out ReadOnlySpan<byte> targetParentPath, out ReadOnlySpan<byte> targetName))
        {
            return VfsStatus.Busy;
        }

        status = Walk(targetParentPath, out VfsNode targetParent);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Stat(targetParent, out VfsStat targetParentStat);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (targetParentStat.Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        status = Walk(sourceParentPath, out VfsNode sourceParent);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        if (sourceParent.Mount != targetParent.Mount)
        {
            return VfsStatus.CrossDevice;
        }

        bool samePath = source.Length == target.Length && VfsPath.IsWithin(target, source);
        if (!samePath && sourceStat.Kind == VfsNodeKind.Directory && VfsPath.IsWithin(target, source))
        {
            return VfsStatus.InvalidArgument;
        }

        ref FileSystemOperations operations = ref MountTable.Slot(sourceParent.Mount).Operations;
        bool targetExists = operations.Lookup(operations.Context, targetParent.Node, targetName, out ulong targetEntry) == VfsStatus.Success;
        if (targetExists && !samePath && VfsPath.IsWithin(source, target))
        {
            return VfsStatus.DirectoryNotEmpty;
        }

        if (targetExists && noReplace)
        {
            return VfsStatus.AlreadyExists;
        }

        if (samePath)
        {
            return VfsStatus.Success;
        }

        // The parent's own entries show mount points (a walk to them steps onto the mounted root).
        if (operations.Lookup(operations.Context, sourceParent.Node, sourceName, out ulong sourceEntry) != VfsStatus.Success ||
            MountTable.FindCovering(new VfsNode(sourceParent.Mount, sourceEntry)) >= 0 ||
            (targetExists && MountTable.FindCovering(new VfsNode(targetParent.Mount, targetEntry)) >= 0) ||
            VfsPath.IsWithin(CurrentDirectory, source))
        {
            return VfsStatus.Busy;
        }

        return operations.Rename == null
            ? VfsStatus.NotPermitted
            : operations.Rename(operations.Context, sourceParent.Node, sourceName, targetParent.Node, targetName, noReplace);
    }
}
