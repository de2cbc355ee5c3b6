// getdents64(fd, buffer, count): as many struct linux_dirent64 records (inode, next offset, record length, type,
// NUL-terminated name, padded to 8 bytes) as fit, from the directory's next entry on; 0 at the end. "." and ".."
// are not listed (the VFS has no such entries).
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 217.</summary>
public static unsafe class SysGetdents64
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        OpenFile* file = ProcessTable.Descriptor(process, (int)registers->Rdi, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (file->Kind != OpenFileKind.Vfs || !file->IsDirectory)
        {
            return -Errno.ENOTDIR;
        }

        ulong address = registers->Rsi;
        ulong count = registers->Rdx;
        const int RecordMax = 24 + VfsPath.MaxNameLength + 8;
        byte* record = stackalloc byte[RecordMax];
        byte* name = stackalloc byte[VfsPath.MaxNameLength];
        ulong written = 0;
        while (true)
        {
            VfsStatus status = Vfs.ReadDirectory(file->File, file->Offset, new Span<byte>(name, VfsPath.MaxNameLength), out VfsDirectoryEntry entry);
            if (status == VfsStatus.NotFound)
            {
                break;
            }

            if (status != VfsStatus.Success)
            {
                return written > 0 ? (long)written : -Errno.FromVfs(status);
            }

            int length = (19 + entry.NameLength + 1 + 7) & ~7;
            if (written + (ulong)length > count)
            {
                return written > 0 ? (long)written : -Errno.EINVAL; // the buffer is too small for one record
            }

            for (int i = 0; i < length; i++)
            {
                record[i] = 0;
            }

            *(ulong*)record = entry.Node == 0 ? 1 : entry.Node;
            *(long*)(record + 8) = (long)file->Offset + 1;
            *(ushort*)(record + 16) = (ushort)length;
            record[18] = entry.Kind == VfsNodeKind.Directory ? (byte)4 : entry.Kind == VfsNodeKind.Device ? (byte)2 : (byte)8;
            for (int i = 0; i < entry.NameLength; i++)
            {
                record[19 + i] = name[i];
            }

            if (UserMemory.CopyOut(process, address + written, record, (ulong)length) != 0)
            {
                return written > 0 ? (long)written : -Errno.EFAULT;
            }

            written += (ulong)length;
            file->Offset++;
        }

        return (long)written;
    }
}
