// ls [-l] [PATH...]: the names in each directory (default "."), sorted by byte value, one a line; "." and ".."
// are left out. A PATH that is not a directory is printed as it is. With -l each line is "TYPE SIZE NAME", TYPE
// one of d (directory), c (character device), - (regular file), ? (other), SIZE in bytes (from stat). With more
// than one PATH each directory's listing starts with "PATH:". Exit status 1 when any PATH could not be listed.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Ls
{
    private const int DirectoryBufferBytes = 64 * 1024;
    private const int MaxNames = 4096;

    private static byte* s_buffer;
    private static byte** s_names;
    private static byte* s_types;

    private static int Main(string[] args)
    {
        bool longFormat = false;
        int first = 0;
        if (args.Length > 0 && args[0] == "-l")
        {
            longFormat = true;
            first = 1;
        }

        if (first == args.Length)
        {
            return List(".", longFormat, false) ? 0 : 1;
        }

        int status = 0;
        for (int i = first; i < args.Length; i++)
        {
            if (!List(args[i], longFormat, args.Length - first > 1))
            {
                status = 1;
            }
        }

        return status;
    }

    private static bool List(string path, bool longFormat, bool heading)
    {
        long result = Files.Stat(path, out FileStatus status);
        if (result < 0)
        {
            Output.Error("ls", path, result);
            return false;
        }

        if (!status.IsDirectory)
        {
            Print(path, null, 0, longFormat);
            return true;
        }

        long fd = Files.Open(path, Syscall.OpenReadOnly | Syscall.OpenDirectory | Syscall.OpenCloseOnExec);
        if (fd < 0)
        {
            Output.Error("ls", path, fd);
            return false;
        }

        // All entries first (getdents64 may take several calls), then sorted; names point into the buffer.
        // One set of buffers for every PATH (the heap never gives memory back).
        s_buffer = s_buffer != null ? s_buffer : UserMemory.Allocate(DirectoryBufferBytes);
        s_names = s_names != null ? s_names : (byte**)UserMemory.Allocate(MaxNames * (ulong)sizeof(byte*));
        s_types = s_types != null ? s_types : UserMemory.Allocate(MaxNames);
        byte* buffer = s_buffer;
        byte** names = s_names;
        byte* types = s_types;
        if (buffer == null || names == null || types == null)
        {
            Output.Error("ls", path, -Errno.NoMemory);
            return false;
        }

        int count = 0;
        int used = 0;
        while (true)
        {
            if (DirectoryBufferBytes - used < 1024)
            {
                Output.Error("ls", path, "too many entries (64 KiB of names)");
                break;
            }

            long length = Files.ReadDirectory((int)fd, new Span<byte>(buffer + used, DirectoryBufferBytes - used));
            if (length < 0)
            {
                Output.Error("ls", path, length);
                Files.Close((int)fd);
                return false;
            }

            if (length == 0)
            {
                break;
            }

            ReadOnlySpan<byte> records = new ReadOnlySpan<byte>(buffer + used, (int)length);
            int offset = 0;
            while (count < MaxNames && Files.NextEntry(records, length, ref offset, out DirectoryEntry entry))
            {
                if (Bytes.Equal(entry.Name, "."u8) || Bytes.Equal(entry.Name, ".."u8))
                {
                    continue;
                }

                // The name is NUL-terminated inside its record, so a pointer to it is a C string.
                names[count] = Bytes.AddressOf(entry.Name);
                types[count] = entry.Type;
                count++;
            }

            used += (int)length;
        }

        Files.Close((int)fd);
        Sort(names, types, count);
        if (heading)
        {
            Output.Print(path);
            Output.Print(":\n");
        }

        for (int i = 0; i < count; i++)
        {
            Print(path, names[i], types[i], longFormat);
        }

        return true;
    }

    private static void Print(string directory, byte* name, byte type, bool longFormat)
    {
        byte* buffer = stackalloc byte[CString.MaxPath + 64];
        TextBuilder line = new TextBuilder(new Span<byte>(buffer, CString.MaxPath + 64));
        if (longFormat)
        {
            string path = name == null ? directory : Join(directory, name);
            long size = 0;
            if (Files.Stat(path, out FileStatus status) == 0)
            {
                size = status.Size;
                uint format = status.Mode & 0xF000;
                type = format == 0x4000 ? DirectoryEntry.TypeDirectory :
                    format == 0x2000 ? DirectoryEntry.TypeCharacterDevice :
                    format == 0x8000 ? DirectoryEntry.TypeRegular : DirectoryEntry.TypeUnknown;
            }

            line.AppendByte(type == DirectoryEntry.TypeDirectory ? (byte)'d' :
                type == DirectoryEntry.TypeCharacterDevice ? (byte)'c' :
                type == DirectoryEntry.TypeRegular ? (byte)'-' : (byte)'?');
            line.AppendByte((byte)' ');
            line.AppendDecimalPadded((ulong)size, 10);
            line.AppendByte((byte)' ');
        }

        if (name == null)
        {
            line.Append(directory);
        }
        else
        {
            line.Append(CString.AsSpan(name));
        }

        line.AppendByte((byte)'\n');
        Output.Print(line.Text);
    }

    private static string Join(string directory, byte* name)
    {
        ReadOnlySpan<byte> tail = CString.AsSpan(name);
        byte* buffer = stackalloc byte[CString.MaxPath];
        TextBuilder path = new TextBuilder(new Span<byte>(buffer, CString.MaxPath));
        path.Append(directory);
        path.AppendByte((byte)'/');
        path.Append(tail);
        return CString.ToString(path.Text);
    }

    // Insertion sort by byte value: directories are small, and this needs no memory.
    private static void Sort(byte** names, byte* types, int count)
    {
        for (int i = 1; i < count; i++)
        {
            byte* name = names[i];
            byte type = types[i];
            int j = i - 1;
            while (j >= 0 && Compare(names[j], name) > 0)
            {
                names[j + 1] = names[j];
                types[j + 1] = types[j];
                j--;
            }

            names[j + 1] = name;
            types[j + 1] = type;
        }
    }

    private static int Compare(byte* a, byte* b)
    {
        int i = 0;
        while (a[i] != 0 && a[i] == b[i])
        {
            i++;
        }

        return a[i] - b[i];
    }
}
