// ioctl(fd, request, arg): on the console TCGETS (a struct termios of canonical mode with echo) and TIOCGWINSZ (its
// rows and columns); ENOTTY for other descriptors and EINVAL for other requests on the console.
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 16.</summary>
public static unsafe class SysIoctl
{
    /// <summary>sizeof(struct termios) as the kernel has it (no speeds).</summary>
    public const int TermiosBytes = 36;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        OpenFile* file = ProcessTable.Descriptor(process, (int)registers->Rdi, out int _);
        if (file == null)
        {
            return -Errno.EBADF;
        }

        if (file->Kind != OpenFileKind.Console)
        {
            return -Errno.ENOTTY;
        }

        switch (registers->Rsi)
        {
            case SyscallFlags.TerminalGetAttributes:
                byte* termios = stackalloc byte[TermiosBytes];
                for (int i = 0; i < TermiosBytes; i++)
                {
                    termios[i] = 0;
                }

                *(uint*)(termios + 0) = 0x0100; // c_iflag: ICRNL
                *(uint*)(termios + 4) = 0x0005; // c_oflag: OPOST | ONLCR
                *(uint*)(termios + 8) = 0x00BF; // c_cflag: B38400 | CS8 | CREAD
                *(uint*)(termios + 12) = 0x8A3B; // c_lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
                termios[17 + 0] = 3; // VINTR: Ctrl-C
                termios[17 + 2] = 0x7F; // VERASE
                termios[17 + 4] = 4; // VEOF: Ctrl-D
                return UserMemory.CopyOut(process, registers->Rdx, termios, TermiosBytes);
            case SyscallFlags.TerminalGetWindowSize:
                ushort* size = stackalloc ushort[4];
                size[0] = ConsoleLineDiscipline.Rows;
                size[1] = ConsoleLineDiscipline.Columns;
                size[2] = 0;
                size[3] = 0;
                return UserMemory.CopyOut(process, registers->Rdx, size, 8);
            default:
                return -Errno.EINVAL;
        }
    }
}
