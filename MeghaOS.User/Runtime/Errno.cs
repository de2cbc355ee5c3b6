// Text for the errno values a program is likely to meet, so messages read "cat: nosuch: No such file or directory"
// like everywhere else. The kernel returns -errno from a system call; Errno.Text takes either sign.
namespace MeghaOS.User;

/// <summary>Linux errno numbers and their messages.</summary>
public static class Errno
{
    /// <summary>Errno values the programs test for by name.</summary>
    public const int NoEntry = 2, Interrupted = 4, BadDescriptor = 9, NoChild = 10, Again = 11, NoMemory = 12,
        Exists = 17, NotDirectory = 20, IsDirectory = 21, Invalid = 22, NotTerminal = 25, NotEmpty = 39, NoSystem = 38;

    /// <summary>The message for errno <paramref name="value"/> (its sign is ignored), or "Unknown error".</summary>
    public static string Text(long value)
    {
        if (value < 0)
        {
            value = -value;
        }

        switch (value)
        {
            case 1: return "Operation not permitted";
            case 2: return "No such file or directory";
            case 3: return "No such process";
            case 4: return "Interrupted system call";
            case 5: return "Input/output error";
            case 7: return "Argument list too long";
            case 8: return "Exec format error";
            case 9: return "Bad file descriptor";
            case 10: return "No child processes";
            case 11: return "Resource temporarily unavailable";
            case 12: return "Cannot allocate memory";
            case 13: return "Permission denied";
            case 14: return "Bad address";
            case 16: return "Device or resource busy";
            case 17: return "File exists";
            case 18: return "Invalid cross-device link";
            case 20: return "Not a directory";
            case 21: return "Is a directory";
            case 22: return "Invalid argument";
            case 23: return "Too many open files in system";
            case 24: return "Too many open files";
            case 25: return "Inappropriate ioctl for device";
            case 27: return "File too large";
            case 28: return "No space left on device";
            case 29: return "Illegal seek";
            case 30: return "Read-only file system";
            case 32: return "Broken pipe";
            case 34: return "Numerical result out of range";
            case 36: return "File name too long";
            case 38: return "Function not implemented";
            case 39: return "Directory not empty";
            case 40: return "Too many levels of symbolic links";
            default: return "Unknown error";
        }
    }
}
