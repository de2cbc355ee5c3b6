// mkdir [-p] DIR...: makes each directory (mode 0755). With -p, missing parent directories are made too and a
// directory that already exists is no error. Exit status 1 when any directory could not be made.
using System;
using MeghaOS.User;

internal static unsafe class Mkdir
{
    private static int Main(string[] args)
    {
        bool parents = args.Length > 0 && args[0] == "-p";
        int first = parents ? 1 : 0;
        if (first == args.Length)
        {
            Output.Error("mkdir", "usage: mkdir [-p] DIR...");
            return 2;
        }

        int status = 0;
        for (int i = first; i < args.Length; i++)
        {
            long result = parents ? MakeWithParents(args[i]) : Files.PathCall(Syscall.Mkdir, args[i], 0x1ED);
            if (result < 0)
            {
                Output.Error("mkdir", args[i], result);
                status = 1;
            }
        }

        return status;
    }

    // Makes every prefix ending before a '/', then the whole path; EEXIST on the way is fine.
    private static long MakeWithParents(string path)
    {
        for (int end = 1; end <= path.Length; end++)
        {
            if (end < path.Length && path[end] != '/')
            {
                continue;
            }

            byte* buffer = stackalloc byte[CString.MaxPath];
            if (end + 1 > CString.MaxPath)
            {
                return -36;
            }

            for (int i = 0; i < end; i++)
            {
                buffer[i] = (byte)path[i];
            }

            buffer[end] = 0;
            long result = Syscall.Invoke(Syscall.Mkdir, (long)buffer, 0x1ED);
            if (result < 0 && result != -Errno.Exists)
            {
                return result;
            }
        }

        return Files.Stat(path, out FileStatus status) == 0 && status.IsDirectory ? 0 : -Errno.NotDirectory;
    }
}
