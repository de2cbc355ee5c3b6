// lseek(fd, offset, whence): moves a file's offset (SEEK_SET, SEEK_CUR, SEEK_END); ESPIPE for pipes and the console.
namespace MeghaOS.Syscalls;

using MeghaOS.FileSystem;
using MeghaOS.Processes;

/// <summary>System call 8.</summary>
public static unsafe class SysLseek
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        OpenFile* file = ProcessTable.Descriptor(ProcessTable.Current, (int)registers->Rdi, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (file->Kind != OpenFileKind.Vfs)
        {
            return -Errno.ESPIPE;
        }

        long offset = (long)registers->Rsi;
        long position;
        switch ((int)registers->Rdx)
        {
            case SyscallFlags.SeekSet:
                position = offset;
                break;
            case SyscallFlags.SeekCurrent:
                position = (long)file->Offset + offset;
                break;
            case SyscallFlags.SeekEnd:
                VfsStatus status = Vfs.Stat(file->File, out VfsStat stat);
                if (status != VfsStatus.Success)
                {
                    return -Errno.FromVfs(status);
                }

                position = (long)stat.Size + offset;
                break;
            default:
                return -Errno.EINVAL;
        }

        if (position < 0)
        {
            return -Errno.EINVAL;
        }

        file->Offset = (ulong)position;
        return position;
    }
}
