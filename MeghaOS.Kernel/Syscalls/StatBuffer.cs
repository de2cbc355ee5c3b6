// struct stat of Linux x86-64 (144 bytes), filled from a VfsStat, and from what a pipe or the console is. Mode bits
// say the kind (directory, regular file, character device, FIFO) with rwx bits that say what the VFS allows; the
// device is the mount and the inode the filesystem's node handle.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>Builds Linux's struct stat and copies it out.</summary>
public static unsafe class StatBuffer
{
    /// <summary>sizeof(struct stat) on x86-64.</summary>
    public const int Size = 144;

    /// <summary>Fills <paramref name="buffer"/> (Size bytes) for a VFS node.</summary>
    public static void FromVfs(byte* buffer, VfsNode node, in VfsStat stat)
    {
        uint mode = stat.Kind == VfsNodeKind.Directory ? 0x4000u | 0x1EDu // 040755
            : stat.Kind == VfsNodeKind.Device ? 0x2000u | (stat.IsReadOnly ? 0x124u : 0x1B6u) // 020444 / 020666
            : 0x8000u | (stat.IsReadOnly ? 0x124u : 0x1A4u); // 0100444 / 0100644
        Fill(buffer, (ulong)node.Mount, node.Node, mode, stat.Size);
    }

    /// <summary>Fills <paramref name="buffer"/> for an open file of any kind.</summary>
    public static int FromOpenFile(byte* buffer, OpenFile* file)
    {
        switch (file->Kind)
        {
            case OpenFileKind.Vfs:
                VfsStatus status = Vfs.Stat(file->File, out VfsStat stat);
                if (status != VfsStatus.Success)
                {
                    return -Errno.FromVfs(status);
                }

                FromVfs(buffer, file->File.Node, stat);
                return 0;
            case OpenFileKind.Console:
                Fill(buffer, 0xFFFF, 1, 0x2000u | 0x190u, 0); // 020620, like a tty
                return 0;
            default:
                Pipe* pipe = OpenFileTable.GetPipe(file->Pipe);
                Fill(buffer, 0xFFFE, (ulong)file->Pipe + 1, 0x1000u | 0x180u, pipe == null ? 0 : (ulong)pipe->Count); // 010600
                return 0;
        }
    }

    private static void Fill(byte* buffer, ulong device, ulong inode, uint mode, ulong size)
    {
        for (int i = 0; i < Size; i++)
        {
            buffer[i] = 0;
        }

        *(ulong*)(buffer + 0) = device;
        *(ulong*)(buffer + 8) = inode;
        *(ulong*)(buffer + 16) = 1; // st_nlink
        *(uint*)(buffer + 24) = mode;
        *(ulong*)(buffer + 48) = size;
        *(ulong*)(buffer + 56) = 4096; // st_blksize
        *(ulong*)(buffer + 64) = (size + 511) / 512; // st_blocks
    }
}
