// The one way a user program reaches the kernel: the `syscall` instruction with Linux x86-64 numbers and
// registers (Start.asm's user_syscall6), so the same binary runs on MeghaOS and on a Linux build host. Every
// wrapper returns what the kernel returned: a value >= 0, or -errno (see Errno.cs for the text). Pointers passed in
// must stay valid for the call; paths are NUL-terminated bytes (CString.cs).
namespace MeghaOS.User;

using System.Runtime;
using System.Runtime.CompilerServices;

/// <summary>Linux x86-64 system calls, each a thin typed wrapper; failure is a negative errno.</summary>
public static unsafe class Syscall
{
    /// <summary>Linux x86-64 system call numbers used by the runtime and the programs.</summary>
    public const long Read = 0, Write = 1, Close = 3, Fstat = 5, Lseek = 8, Mmap = 9, Munmap = 11, Brk = 12,
        Ioctl = 16, Pipe = 22, Dup2 = 33, GetPid = 39, Fork = 57, Execve = 59, Exit = 60, Wait4 = 61, Getcwd = 79,
        Chdir = 80, Mkdir = 83, Rmdir = 84, Unlink = 87, GetPpid = 110, Getdents64 = 217, ExitGroup = 231,
        OpenAt = 257, NewFstatAt = 262, Pipe2 = 293;

    /// <summary>openat's "relative to the working directory".</summary>
    public const int AtFdCwd = -100;

    /// <summary>open flags.</summary>
    public const int OpenReadOnly = 0, OpenWriteOnly = 1, OpenReadWrite = 2, OpenCreate = 0x40, OpenTruncate = 0x200,
        OpenAppend = 0x400, OpenDirectory = 0x10000, OpenCloseOnExec = 0x80000;

    /// <summary>ioctl request: read the terminal's settings (fails with ENOTTY when the descriptor is no terminal).</summary>
    public const ulong TerminalGetAttributes = 0x5401;

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "user_syscall6")]
    private static extern long Call6(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /// <summary>Any system call with up to six arguments.</summary>
    public static long Invoke(long number, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0, long a6 = 0) =>
        Call6(number, a1, a2, a3, a4, a5, a6);

    /// <summary>read(2).</summary>
    public static long ReadFile(int fd, byte* buffer, ulong count) => Call6(Read, fd, (long)buffer, (long)count, 0, 0, 0);

    /// <summary>write(2).</summary>
    public static long WriteFile(int fd, byte* buffer, ulong count) => Call6(Write, fd, (long)buffer, (long)count, 0, 0, 0);

    /// <summary>openat(AT_FDCWD, path, flags, mode).</summary>
    public static long Open(byte* path, int flags, int mode) => Call6(OpenAt, AtFdCwd, (long)path, flags, mode, 0, 0);

    /// <summary>close(2).</summary>
    public static long CloseFile(int fd) => Call6(Close, fd, 0, 0, 0, 0, 0);

    /// <summary>ioctl(2).</summary>
    public static long IoControl(int fd, ulong request, void* argument) => Call6(Ioctl, fd, (long)request, (long)argument, 0, 0, 0);

    /// <summary>exit_group(2): ends every thread of the process; never returns.</summary>
    public static void ExitProcess(int status)
    {
        Call6(ExitGroup, status, 0, 0, 0, 0, 0);
        Call6(Exit, status, 0, 0, 0, 0, 0);
    }
}
