// The dispatch table: every system call MeghaOS implements, by Linux x86-64 number, with its handler and how complete
// it is. It is the only list: the dispatcher indexes it, docs/syscalls.md documents it (a test checks they agree).
// Adding a system call is one file with its handler and one line here.
namespace MeghaOS.Syscalls;

/// <summary>The system calls MeghaOS knows.</summary>
public static unsafe class SyscallTable
{
    /// <summary>Every entry, by number.</summary>
    public static readonly SyscallEntry[] Entries;

    private static readonly short[] s_index;

    static SyscallTable()
    {
        SyscallSupport full = SyscallSupport.Supported;
        SyscallSupport partial = SyscallSupport.Partial;
        Entries = new SyscallEntry[]
        {
            new SyscallEntry(0, "read", &SysRead.Handle, full),
            new SyscallEntry(1, "write", &SysWrite.Handle, full),
            new SyscallEntry(2, "open", &SysOpen.Handle, partial),
            new SyscallEntry(3, "close", &SysClose.Handle, full),
            new SyscallEntry(4, "stat", &SysStat.Handle, partial),
            new SyscallEntry(5, "fstat", &SysFstat.Handle, partial),
            new SyscallEntry(6, "lstat", &SysLstat.Handle, partial),
            new SyscallEntry(7, "poll", &SysPoll.Handle, partial),
            new SyscallEntry(8, "lseek", &SysLseek.Handle, full),
            new SyscallEntry(9, "mmap", &SysMmap.Handle, partial),
            new SyscallEntry(10, "mprotect", &SysMprotect.Handle, partial),
            new SyscallEntry(11, "munmap", &SysMunmap.Handle, full),
            new SyscallEntry(12, "brk", &SysBrk.Handle, full),
            new SyscallEntry(13, "rt_sigaction", &SysRtSigaction.Handle, partial),
            new SyscallEntry(14, "rt_sigprocmask", &SysRtSigprocmask.Handle, full),
            new SyscallEntry(15, "rt_sigreturn", &SysRtSigreturn.Handle, full),
            new SyscallEntry(16, "ioctl", &SysIoctl.Handle, partial),
            new SyscallEntry(17, "pread64", &SysPread64.Handle, full),
            new SyscallEntry(18, "pwrite64", &SysPwrite64.Handle, full),
            new SyscallEntry(19, "readv", &SysReadv.Handle, full),
            new SyscallEntry(20, "writev", &SysWritev.Handle, full),
            new SyscallEntry(21, "access", &SysAccess.Handle, partial),
            new SyscallEntry(22, "pipe", &SysPipe.Handle, full),
            new SyscallEntry(24, "sched_yield", &SysSchedYield.Handle, full),
            new SyscallEntry(32, "dup", &SysDup.Handle, full),
            new SyscallEntry(33, "dup2", &SysDup2.Handle, full),
            new SyscallEntry(35, "nanosleep", &SysNanosleep.Handle, full),
            new SyscallEntry(39, "getpid", &SysGetpid.Handle, full),
            new SyscallEntry(40, "sendfile", &SysSendfile.Handle, partial),
            new SyscallEntry(56, "clone", &SysClone.Handle, partial),
            new SyscallEntry(57, "fork", &SysFork.Handle, full),
            new SyscallEntry(58, "vfork", &SysVfork.Handle, partial),
            new SyscallEntry(59, "execve", &SysExecve.Handle, full),
            new SyscallEntry(60, "exit", &SysExit.Handle, full),
            new SyscallEntry(61, "wait4", &SysWait4.Handle, partial),
            new SyscallEntry(62, "kill", &SysKill.Handle, partial),
            new SyscallEntry(63, "uname", &SysUname.Handle, full),
            new SyscallEntry(72, "fcntl", &SysFcntl.Handle, partial),
            new SyscallEntry(79, "getcwd", &SysGetcwd.Handle, full),
            new SyscallEntry(80, "chdir", &SysChdir.Handle, full),
            new SyscallEntry(82, "rename", &SysRename.Handle, partial),
            new SyscallEntry(83, "mkdir", &SysMkdir.Handle, full),
            new SyscallEntry(84, "rmdir", &SysRmdir.Handle, full),
            new SyscallEntry(87, "unlink", &SysUnlink.Handle, full),
            new SyscallEntry(102, "getuid", &SysGetuid.Handle, full),
            new SyscallEntry(104, "getgid", &SysGetgid.Handle, full),
            new SyscallEntry(107, "geteuid", &SysGeteuid.Handle, full),
            new SyscallEntry(108, "getegid", &SysGetegid.Handle, full),
            new SyscallEntry(110, "getppid", &SysGetppid.Handle, full),
            new SyscallEntry(115, "getgroups", &SysGetgroups.Handle, full),
            new SyscallEntry(127, "rt_sigpending", &SysRtSigpending.Handle, full),
            new SyscallEntry(130, "rt_sigsuspend", &SysRtSigsuspend.Handle, full),
            new SyscallEntry(158, "arch_prctl", &SysArchPrctl.Handle, partial),
            new SyscallEntry(186, "gettid", &SysGettid.Handle, full),
            new SyscallEntry(200, "tkill", &SysTkill.Handle, full),
            new SyscallEntry(217, "getdents64", &SysGetdents64.Handle, partial),
            new SyscallEntry(218, "set_tid_address", &SysSetTidAddress.Handle, partial),
            new SyscallEntry(228, "clock_gettime", &SysClockGettime.Handle, partial),
            new SyscallEntry(230, "clock_nanosleep", &SysClockNanosleep.Handle, partial),
            new SyscallEntry(231, "exit_group", &SysExitGroup.Handle, full),
            new SyscallEntry(234, "tgkill", &SysTgkill.Handle, full),
            new SyscallEntry(257, "openat", &SysOpenat.Handle, partial),
            new SyscallEntry(258, "mkdirat", &SysMkdirat.Handle, partial),
            new SyscallEntry(262, "newfstatat", &SysNewfstatat.Handle, partial),
            new SyscallEntry(263, "unlinkat", &SysUnlinkat.Handle, partial),
            new SyscallEntry(264, "renameat", &SysRenameat.Handle, partial),
            new SyscallEntry(271, "ppoll", &SysPpoll.Handle, partial),
            new SyscallEntry(280, "utimensat", &SysUtimensat.Handle, partial),
            new SyscallEntry(292, "dup3", &SysDup3.Handle, full),
            new SyscallEntry(293, "pipe2", &SysPipe2.Handle, full),
            new SyscallEntry(316, "renameat2", &SysRenameat2.Handle, partial),
            new SyscallEntry(318, "getrandom", &SysGetrandom.Handle, partial),
        };

        s_index = new short[SyscallDispatcher.MaxNumber];
        for (int i = 0; i < Entries.Length; i++)
        {
            s_index[Entries[i].Number] = (short)(i + 1);
        }
    }

    /// <summary>The entry index of system call <paramref name="number"/>, or -1 when it has none.</summary>
    public static int IndexOf(int number) =>
        number >= 0 && number < SyscallDispatcher.MaxNumber ? s_index[number] - 1 : -1;
}
