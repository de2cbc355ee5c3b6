// rm [-r] PATH...: removes each file (unlink). A directory needs -r: its contents are removed first, then the
// directory itself (rmdir). Exit status 1 when anything could not be removed; the message names it.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Rm
{
    private static int Main(string[] args)
    {
        bool recursive = args.Length > 0 && args[0] == "-r";
        int first = recursive ? 1 : 0;
        if (first == args.Length)
        {
            Output.Error("rm", "usage: rm [-r] PATH...");
            return 2;
        }

        int status = 0;
        for (int i = first; i < args.Length; i++)
        {
            if (!Remove(args[i], recursive))
            {
                status = 1;
            }
        }

        return status;
    }

    private static bool Remove(string path, bool recursive)
    {
        long result = Files.Stat(path, out FileStatus status);
        if (result < 0)
        {
            Output.Error("rm", path, result);
            return false;
        }

        if (!status.IsDirectory)
        {
            result = Files.PathCall(Syscall.Unlink, path);
            if (result < 0)
            {
                Output.Error("rm", path, result);
                return false;
            }

            return true;
        }

        if (!recursive)
        {
            Output.Error("rm", path, -Errno.IsDirectory);
            return false;
        }

        bool ok = RemoveContents(path);
        result = Files.PathCall(Syscall.Rmdir, path);
        if (result < 0)
        {
            Output.Error("rm", path, result);
            return false;
        }

        return ok;
    }

    // Reads the directory afresh after each removal pass until it lists nothing but "." and "..".
    private static bool RemoveContents(string path)
    {
        const int BufferBytes = 8192;
        byte* buffer = stackalloc byte[BufferBytes];
        byte* child = stackalloc byte[CString.MaxPath];
        while (true)
        {
            long fd = Files.Open(path, Syscall.OpenReadOnly | Syscall.OpenDirectory | Syscall.OpenCloseOnExec);
            if (fd < 0)
            {
                Output.Error("rm", path, fd);
                return false;
            }

            long length = Files.ReadDirectory((int)fd, new Span<byte>(buffer, BufferBytes));
            Files.Close((int)fd);
            if (length < 0)
            {
                Output.Error("rm", path, length);
                return false;
            }

            int removed = 0;
            int offset = 0;
            ReadOnlySpan<byte> records = new ReadOnlySpan<byte>(buffer, (int)length);
            while (Files.NextEntry(records, length, ref offset, out DirectoryEntry entry))
            {
                if (Bytes.Equal(entry.Name, "."u8) || Bytes.Equal(entry.Name, ".."u8))
                {
                    continue;
                }

                TextBuilder builder = new TextBuilder(new Span<byte>(child, CString.MaxPath));
                builder.Append(path);
                builder.AppendByte((byte)'/');
                builder.Append(new ReadOnlySpan<byte>(Bytes.AddressOf(entry.Name), entry.Name.Length));
                if (builder.Overflowed || !Remove(CString.ToString(builder.Text), true))
                {
                    return false;
                }

                removed++;
            }

            if (removed == 0)
            {
                return true;
            }
        }
    }
}
