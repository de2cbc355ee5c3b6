// Linux x86-64 flag and constant values the system calls take (open, mmap, wait4, clone, *at, signals, ioctl), under
// readable names. Values from the Linux UAPI headers.
namespace MeghaOS.Syscalls;

/// <summary>Linux constants used by the system calls.</summary>
public static class SyscallFlags
{
    /// <summary>O_ACCMODE: the access-mode bits of open's flags.</summary>
    public const int AccessMode = 3;

    /// <summary>O_RDONLY.</summary>
    public const int ReadOnly = 0;

    /// <summary>O_WRONLY.</summary>
    public const int WriteOnly = 1;

    /// <summary>O_RDWR.</summary>
    public const int ReadWrite = 2;

    /// <summary>O_CREAT.</summary>
    public const int Create = 0x40;

    /// <summary>O_EXCL.</summary>
    public const int Exclusive = 0x80;

    /// <summary>O_TRUNC.</summary>
    public const int Truncate = 0x200;

    /// <summary>O_APPEND.</summary>
    public const int Append = 0x400;

    /// <summary>O_NONBLOCK.</summary>
    public const int NonBlock = 0x800;

    /// <summary>O_DIRECTORY.</summary>
    public const int Directory = 0x10000;

    /// <summary>O_CLOEXEC.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>AT_FDCWD: "relative to the current directory" for the *at calls.</summary>
    public const int AtCurrentDirectory = -100;

    /// <summary>AT_REMOVEDIR (unlinkat).</summary>
    public const int AtRemoveDirectory = 0x200;

    /// <summary>AT_EMPTY_PATH (newfstatat on the descriptor itself).</summary>
    public const int AtEmptyPath = 0x1000;

    /// <summary>AT_SYMLINK_NOFOLLOW: act on a symbolic link itself (utimensat, newfstatat).</summary>
    public const int AtSymlinkNoFollow = 0x100;

    /// <summary>RENAME_NOREPLACE (renameat2): fail with EEXIST rather than replace the new path.</summary>
    public const int RenameNoReplace = 1;

    /// <summary>WNOHANG (wait4).</summary>
    public const int WaitNoHang = 1;

    /// <summary>PROT_READ.</summary>
    public const int ProtectionRead = 1;

    /// <summary>PROT_WRITE.</summary>
    public const int ProtectionWrite = 2;

    /// <summary>PROT_EXEC.</summary>
    public const int ProtectionExecute = 4;

    /// <summary>MAP_SHARED.</summary>
    public const int MapShared = 0x01;

    /// <summary>MAP_PRIVATE.</summary>
    public const int MapPrivate = 0x02;

    /// <summary>MAP_FIXED.</summary>
    public const int MapFixed = 0x10;

    /// <summary>MAP_ANONYMOUS.</summary>
    public const int MapAnonymous = 0x20;

    /// <summary>CLONE_VM.</summary>
    public const ulong CloneVm = 0x100;

    /// <summary>CLONE_VFORK.</summary>
    public const ulong CloneVfork = 0x4000;

    /// <summary>The exit-signal byte of clone's flags.</summary>
    public const ulong CloneSignalMask = 0xFF;

    /// <summary>clone: store the child's id at parent_tid in the parent's memory.</summary>
    public const ulong CloneParentSetTid = 0x0010_0000;

    /// <summary>clone: clear child_tid (and wake futex waiters) when the child ends.</summary>
    public const ulong CloneChildClearTid = 0x0020_0000;

    /// <summary>clone: store the child's id at child_tid in the child's memory.</summary>
    public const ulong CloneChildSetTid = 0x0100_0000;

    /// <summary>SIGINT (Ctrl-C).</summary>
    public const int SignalInterrupt = 2;

    /// <summary>SIGKILL.</summary>
    public const int SignalKill = 9;

    /// <summary>SIGSEGV.</summary>
    public const int SignalSegmentation = 11;

    /// <summary>SIGPIPE.</summary>
    public const int SignalPipe = 13;

    /// <summary>SIGTERM.</summary>
    public const int SignalTerminate = 15;

    /// <summary>SIG_DFL as a handler value.</summary>
    public const ulong SignalDefault = 0;

    /// <summary>TCGETS (ioctl).</summary>
    public const ulong TerminalGetAttributes = 0x5401;

    /// <summary>TIOCGWINSZ (ioctl).</summary>
    public const ulong TerminalGetWindowSize = 0x5413;

    /// <summary>ARCH_SET_FS (arch_prctl).</summary>
    public const int ArchSetFs = 0x1002;

    /// <summary>ARCH_GET_FS (arch_prctl).</summary>
    public const int ArchGetFs = 0x1003;

    /// <summary>SEEK_SET.</summary>
    public const int SeekSet = 0;

    /// <summary>SEEK_CUR.</summary>
    public const int SeekCurrent = 1;

    /// <summary>SEEK_END.</summary>
    public const int SeekEnd = 2;
}
