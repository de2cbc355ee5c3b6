// The mount table: which filesystem is the root and which are mounted on which directories. Fixed slots, because
// shared code allocates nothing and the table is needed before anything else in the VFS.
namespace MeghaOS.FileSystem;

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
    public const int Capacity = 8;

    private static MountEntry s_slot0, s_slot1, s_slot2, s_slot3, s_slot4, s_slot5, s_slot6, s_slot7;

    /// <summary>The slot at <paramref name="index"/> (0 to <see cref="Capacity"/> - 1; others give slot 7).</summary>
    public static ref MountEntry Slot(int index)
    {
        switch (index)
        {
            case 0: return ref s_slot0;
            case 1: return ref s_slot1;
            case 2: return ref s_slot2;
            case 3: return ref s_slot3;
            case 4: return ref s_slot4;
            case 5: return ref s_slot5;
            case 6: return ref s_slot6;
            default: return ref s_slot7;
        }
    }

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
    public static void Clear()
    {
        for (int i = 0; i < Capacity; i++)
        {
            Slot(i) = default;
        }
    }
}
