// Rename in ramfs: moves a node from one directory's sorted list to another's under a new name, replacing (and
// freeing) a file or empty directory already called so. The node itself stays where it is in memory, so its handle,
// which open files hold, stays valid; only a longer name needs a new heap block, taken before anything changes.
namespace MeghaOS.FileSystem.RamFs;

using System;
using MeghaOS.Memory;

public static unsafe partial class RamFileSystem
{
    private static VfsStatus Rename(void* context, ulong fromDirectory, ReadOnlySpan<byte> fromName, ulong toDirectory,
        ReadOnlySpan<byte> toName, bool noReplace)
    {
        RamNode* fromParent = (RamNode*)fromDirectory;
        RamNode* toParent = (RamNode*)toDirectory;
        if (fromParent->Kind != VfsNodeKind.Directory || toParent->Kind != VfsNodeKind.Directory)
        {
            return VfsStatus.NotADirectory;
        }

        RamNode* node = Find(fromParent, fromName);
        if (node == null)
        {
            return VfsStatus.NotFound;
        }

        if (toName.Length == 0)
        {
            return VfsStatus.InvalidArgument;
        }

        if (toName.Length > VfsPath.MaxNameLength)
        {
            return VfsStatus.NameTooLong;
        }

        RamNode* replaced = Find(toParent, toName);
        if (replaced == node)
        {
            return noReplace ? VfsStatus.AlreadyExists : VfsStatus.Success;
        }

        if (replaced != null)
        {
            if (noReplace)
            {
                return VfsStatus.AlreadyExists;
            }

            if (node->Kind == VfsNodeKind.Directory && replaced->Kind != VfsNodeKind.Directory)
            {
                return VfsStatus.NotADirectory;
            }

            if (node->Kind != VfsNodeKind.Directory && replaced->Kind == VfsNodeKind.Directory)
            {
                return VfsStatus.IsADirectory;
            }

            if (replaced->FirstChild != null)
            {
                return VfsStatus.DirectoryNotEmpty;
            }
        }

        if (node->Kind == VfsNodeKind.Directory && IsSelfOrBelow(toParent, node))
        {
            return VfsStatus.InvalidArgument;
        }

        byte* name = node->Name;
        if (toName.Length > node->NameLength)
        {
            name = (byte*)Heap.Allocate((nuint)toName.Length);
            if (name == null)
            {
                return VfsStatus.NoSpace;
            }
        }

        // Nothing can fail from here on.
        if (replaced != null)
        {
            Unlink(toParent, replaced);
            Discard(replaced);
        }

        Unlink(fromParent, node);
        if (name != node->Name && node->Name != RamNode.InlineName(node))
        {
            Heap.Free(node->Name);
        }

        for (int i = 0; i < toName.Length; i++)
        {
            name[i] = toName[i];
        }

        node->Name = name;
        node->NameLength = toName.Length;
        node->Parent = toParent;
        InsertSorted(toParent, node);
        return VfsStatus.Success;
    }

    // True when `directory` is `node` or lies somewhere below it (the root is its own parent).
    private static bool IsSelfOrBelow(RamNode* directory, RamNode* node)
    {
        for (RamNode* step = directory; ; step = step->Parent)
        {
            if (step == node)
            {
                return true;
            }

            if (step->Parent == step)
            {
                return false;
            }
        }
    }

    // Takes `child` out of `parent`'s list.
    private static void Unlink(RamNode* parent, RamNode* child)
    {
        RamNode** link = &parent->FirstChild;
        while (*link != child)
        {
            link = &(*link)->NextSibling;
        }

        *link = child->NextSibling;
        child->NextSibling = null;
        parent->ChildCount--;
    }

    // Puts `child` into `parent`'s list, which stays sorted by name.
    private static void InsertSorted(RamNode* parent, RamNode* child)
    {
        ReadOnlySpan<byte> name = new ReadOnlySpan<byte>(child->Name, child->NameLength);
        RamNode** link = &parent->FirstChild;
        while (*link != null && Compare(*link, name) < 0)
        {
            link = &(*link)->NextSibling;
        }

        child->NextSibling = *link;
        *link = child;
        parent->ChildCount++;
    }
}
