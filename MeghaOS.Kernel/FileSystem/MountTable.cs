// The mount table: which filesystem is the root and which are mounted on which directories. Fixed slots (a mount
// keeps its slot number, which VfsNode.Mount holds), because shared code allocates nothing and the table is needed
// before anything else in the VFS.
namespace MeghaOS.FileSystem;

using MeghaOS.Collections;

/// <summary>One mounted filesystem and the directory it covers.</summary>
public struct MountEntry
{
    /// <summary>The filesystem.</summary>
    public FileSystemOperations Operations;

    /// <summary>The directory of another mount that this filesystem's root replaces (unused for the root mount).</summary>
    public VfsNode CoveredNode;

    /// <summary>True when the slot holds a mount.</summary>
    public bool InUse;
}

/// <summary>The fixed-size table of mounts. Slot 0 is the root filesystem.</summary>
public static class MountTable
{
    /// <summary>How many filesystems can be mounted at once, the root included.</summary>
    public const int Capacity = FixedList<MountEntry>.Capacity;

    private static FixedList<MountEntry> s_slots;

    /// <summary>The slot at <paramref name="index"/> (0 to <see cref="Capacity"/> - 1).</summary>
    public static ref MountEntry Slot(int index) => ref s_slots.Slots[index];

    /// <summary>The index of the mount whose root covers <paramref name="node"/>, or -1.</summary>
    public static int FindCovering(VfsNode node)
    {
        for (int i = 1; i < Capacity; i++)
        {
            ref MountEntry entry = ref Slot(i);
            if (entry.InUse && entry.CoveredNode.Mount == node.Mount && entry.CoveredNode.Node == node.Node)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first free slot after the root, or -1.</summary>
    public static int FindFree()
    {
        for (int i = 1; i < Capacity; i++)
        {
            if (!Slot(i).InUse)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Empties every slot.</summary>
    public static void Clear() => s_slots.Clear();
}
