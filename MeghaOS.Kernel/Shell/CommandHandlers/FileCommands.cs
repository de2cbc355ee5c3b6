// The shell's filesystem commands: ls, cd, pwd, cat, hexdump, echo (with > to write a file), mkdir, rm, rmdir, stat.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Text;

/// <summary>Handlers of the filesystem commands.</summary>
public static unsafe class FileCommands
{
    /// <summary>ls [PATH]: one line per entry, "KIND ACCESS SIZE NAME" (see docs/shell.md).</summary>
    public static void List(in ShellArguments arguments)
    {
        if (arguments.Count > 2)
        {
            ShellOutput.Error("ls"u8, "usage: ls [PATH]"u8);
            return;
        }

        ReadOnlySpan<byte> path = arguments.Count == 2 ? arguments[1] : "."u8;
        VfsStatus status = Vfs.Open(path, VfsOpenMode.Read, out VfsFile directory);
        if (status == VfsStatus.Success)
        {
            status = Vfs.Stat(directory, out VfsStat stat);
            if (status == VfsStatus.Success && stat.Kind != VfsNodeKind.Directory)
            {
                ListLine(stat, path);
                return;
            }
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("ls"u8, path, status);
            return;
        }

        byte* name = stackalloc byte[VfsPath.MaxNameLength];
        for (ulong index = 0; ; index++)
        {
            status = Vfs.ReadDirectory(directory, index, new Span<byte>(name, VfsPath.MaxNameLength), out VfsDirectoryEntry entry);
            if (status == VfsStatus.NotFound)
            {
                return;
            }

            if (status != VfsStatus.Success)
            {
                ShellOutput.Error("ls"u8, path, status);
                return;
            }

            VfsStatus statStatus = Vfs.Stat(directory, entry, out VfsStat stat);
            if (statStatus != VfsStatus.Success)
            {
                stat = default;
                stat.Kind = entry.Kind;
            }

            ListLine(stat, new ReadOnlySpan<byte>(name, entry.NameLength));
        }
    }

    /// <summary>cd [PATH]: changes the current directory; "/" without an argument.</summary>
    public static void ChangeDirectory(in ShellArguments arguments)
    {
        if (arguments.Count > 2)
        {
            ShellOutput.Error("cd"u8, "usage: cd [PATH]"u8);
            return;
        }

        ReadOnlySpan<byte> path = arguments.Count == 2 ? arguments[1] : "/"u8;
        VfsStatus status = Vfs.ChangeDirectory(path);
        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("cd"u8, path, status);
        }
    }

    /// <summary>pwd: prints the current directory.</summary>
    public static void PrintDirectory(in ShellArguments arguments)
    {
        if (arguments.Count != 1)
        {
            ShellOutput.Error("pwd"u8, "usage: pwd"u8);
            return;
        }

        ShellOutput.WritePrintable(Vfs.CurrentDirectory);
        ShellOutput.NewLine();
    }

    /// <summary>cat FILE...: text files as they are; files with other bytes as hex rows (see docs/shell.md).</summary>
    public static void Concatenate(in ShellArguments arguments)
    {
        if (arguments.Count < 2)
        {
            ShellOutput.Error("cat"u8, "usage: cat FILE..."u8);
            return;
        }

        for (int i = 1; i < arguments.Count; i++)
        {
            if (OpenForDisplay("cat"u8, arguments[i], out VfsFile file, out VfsStat stat))
            {
                FileDisplay.Show("cat"u8, arguments[i], file, stat);
            }
        }
    }

    /// <summary>hexdump FILE: offsets, the exact bytes and their characters, like hexdump -C.</summary>
    public static void HexDump(in ShellArguments arguments)
    {
        ulong start = 0;
        ulong length = FileDisplay.MaxBytes;
        if (arguments.Count < 2 || arguments.Count > 4 ||
            (arguments.Count > 2 && !NumberParse.TryParseUnsigned(arguments[2], out start)) ||
            (arguments.Count > 3 && !NumberParse.TryParseUnsigned(arguments[3], out length)))
        {
            ShellOutput.Error("hexdump"u8, "usage: hexdump FILE [OFFSET [LENGTH]]"u8);
            return;
        }

        if (OpenForDisplay("hexdump"u8, arguments[1], out VfsFile file, out VfsStat _))
        {
            FileDisplay.HexDump(arguments[1], file, start, length, arguments.Count == 2);
        }
    }

    /// <summary>echo [WORD...] [> FILE]: prints the words joined by spaces and a newline, or writes them to FILE.</summary>
    public static void Echo(in ShellArguments arguments)
    {
        int redirect = -1;
        for (int i = 1; i < arguments.Count; i++)
        {
            if (arguments.IsRedirect(i))
            {
                redirect = i;
                break;
            }
        }

        if (redirect >= 0 && (redirect != arguments.Count - 2 || arguments.IsRedirect(redirect + 1)))
        {
            ShellOutput.Error("echo"u8, "usage: echo [WORD...] > FILE (one file after >)"u8);
            return;
        }

        int lastWord = redirect >= 0 ? redirect - 1 : arguments.Count - 1;
        byte* text = stackalloc byte[CommandShell.MaxLineLength + 1];
        TextBuilder line = new TextBuilder(new Span<byte>(text, CommandShell.MaxLineLength + 1));
        for (int i = 1; i <= lastWord; i++)
        {
            if (i > 1)
            {
                line.AppendByte((byte)' ');
            }

            line.Append(arguments[i]);
        }

        line.AppendByte((byte)'\n');
        if (redirect < 0)
        {
            ShellOutput.Write(line.Text);
            return;
        }

        ReadOnlySpan<byte> path = arguments[redirect + 1];
        VfsStatus status = Vfs.Open(path, VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file);
        if (status == VfsStatus.Success)
        {
            status = Vfs.Write(file, 0, line.Text, out int _);
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("echo"u8, path, status);
        }
    }

    /// <summary>mkdir PATH...: makes directories (parents must exist).</summary>
    public static void MakeDirectory(in ShellArguments arguments) =>
        ForEachPath(arguments, "mkdir"u8, "usage: mkdir PATH..."u8, &Vfs.MakeDirectory);

    /// <summary>rm FILE...: removes files (their memory goes back to the kernel heap).</summary>
    public static void Remove(in ShellArguments arguments) => ForEachPath(arguments, "rm"u8, "usage: rm FILE..."u8, &RemoveFile);

    /// <summary>rmdir DIRECTORY...: removes empty directories.</summary>
    public static void RemoveDirectory(in ShellArguments arguments) =>
        ForEachPath(arguments, "rmdir"u8, "usage: rmdir DIRECTORY..."u8, &RemoveEmptyDirectory);

    private static VfsStatus RemoveFile(ReadOnlySpan<byte> path) => Vfs.Remove(path, VfsNodeKind.File);

    private static VfsStatus RemoveEmptyDirectory(ReadOnlySpan<byte> path) => Vfs.Remove(path, VfsNodeKind.Directory);

    // mkdir, rm and rmdir: one VFS request per path, one error line per failure.
    private static void ForEachPath(in ShellArguments arguments, ReadOnlySpan<byte> command, ReadOnlySpan<byte> usage,
        delegate*<ReadOnlySpan<byte>, VfsStatus> request)
    {
        if (arguments.Count < 2)
        {
            ShellOutput.Error(command, usage);
            return;
        }

        for (int i = 1; i < arguments.Count; i++)
        {
            VfsStatus status = request(arguments[i]);
            if (status != VfsStatus.Success)
            {
                ShellOutput.Error(command, arguments[i], status);
            }
        }
    }

    /// <summary>stat PATH...: "path", "kind", "size", "access" lines per file.</summary>
    public static void Stat(in ShellArguments arguments)
    {
        if (arguments.Count < 2)
        {
            ShellOutput.Error("stat"u8, "usage: stat PATH..."u8);
            return;
        }

        byte* canonical = stackalloc byte[VfsPath.MaxPathLength];
        for (int i = 1; i < arguments.Count; i++)
        {
            VfsStatus status = Vfs.Normalize(arguments[i], new Span<byte>(canonical, VfsPath.MaxPathLength), out int length);
            VfsStat stat = default;
            if (status == VfsStatus.Success)
            {
                status = Vfs.Stat(arguments[i], out stat);
            }

            if (status != VfsStatus.Success)
            {
                ShellOutput.Error("stat"u8, arguments[i], status);
                continue;
            }

            ShellOutput.Write("path "u8);
            ShellOutput.WritePrintable(new ReadOnlySpan<byte>(canonical, length));
            ShellOutput.Write("\nkind "u8);
            ShellOutput.Write(KindName(stat.Kind));
            ShellOutput.Write("\nsize "u8);
            ShellOutput.Decimal(stat.Size);
            ShellOutput.Write(stat.IsReadOnly ? "\naccess read-only\n"u8 : "\naccess read-write\n"u8);
            if (stat.IsFrameBitmap)
            {
                ShellOutput.Write("format frame-bitmap\n"u8);
            }
        }
    }

    /// <summary>"file", "directory" or "device".</summary>
    public static ReadOnlySpan<byte> KindName(VfsNodeKind kind)
    {
        switch (kind)
        {
            case VfsNodeKind.Directory: return "directory"u8;
            case VfsNodeKind.Device: return "device"u8;
            default: return "file"u8;
        }
    }

    private static bool OpenForDisplay(ReadOnlySpan<byte> command, ReadOnlySpan<byte> path, out VfsFile file, out VfsStat stat)
    {
        stat = default;
        VfsStatus status = Vfs.Open(path, VfsOpenMode.Read, out file);
        if (status == VfsStatus.Success)
        {
            status = Vfs.Stat(file, out stat);
        }

        if (status == VfsStatus.Success && stat.Kind == VfsNodeKind.Directory)
        {
            status = VfsStatus.IsADirectory;
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error(command, path, status);
            return false;
        }

        return true;
    }

    private static void ListLine(in VfsStat stat, ReadOnlySpan<byte> name)
    {
        byte* buffer = stackalloc byte[32];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, 32));
        line.AppendByte(stat.Kind == VfsNodeKind.Directory ? (byte)'d' : stat.Kind == VfsNodeKind.Device ? (byte)'c' : (byte)'-');
        line.Append(stat.IsReadOnly ? " r- "u8 : " rw "u8);
        line.AppendDecimalPadded(stat.Size, 10);
        line.AppendByte((byte)' ');
        ShellOutput.Write(line.Text);
        ShellOutput.WritePrintable(name);
        if (stat.Kind == VfsNodeKind.Directory)
        {
            ShellOutput.WriteByte((byte)'/');
        }

        ShellOutput.WriteByte((byte)'\n');
    }
}
