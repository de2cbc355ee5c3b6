// init [PROGRAM [ARG...]]: the first user process. It starts the shell (default /bin/sh, with PATH=/bin and
// HOME=/ added to the environment when they are missing) on the console it inherited, and then, as a real init
// does, collects every child that ends: orphans the kernel hands to it are reaped by the same wait4(-1) loop.
// When the shell ends:
//   - with status 0 (the user typed `exit` or Ctrl-D): init ends with 0, and the kernel's built-in shell takes over;
//   - with any other status or by a signal: "init: /bin/sh ended with status N; starting it again", and a new
//     shell starts; after 10 such ends in a row, each within a second of its start, init gives up (status 1);
//   - when it cannot be started at all (execve failed; the child reports the errno through a close-on-exec pipe,
//     which execve closes on success): "init: /bin/sh: No such file or directory" and init ends with 127.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Init
{
    private const int MaxQuickRestarts = 10;
    private const long ClockMonotonic = 1;
    private const long ClockGettime = 228;

    private static int Main(string[] args)
    {
        byte** argv = BuildArguments(args);
        byte** envp = BuildEnvironment();
        if (argv == null || envp == null)
        {
            Output.Error("init", "out of memory");
            return 1;
        }

        string program = CString.ToString(argv[0]);
        int quickEnds = 0;
        while (true)
        {
            long started = Seconds();
            long pid = Start(argv, envp, out long execError);
            if (pid < 0)
            {
                Output.Error("init", execError != 0 ? program : "fork", execError != 0 ? execError : pid);
                return execError != 0 ? 127 : 1;
            }

            int status = WaitFor(pid);
            if (status == 0)
            {
                return 0;
            }

            byte* buffer = stackalloc byte[64];
            TextBuilder message = new TextBuilder(new Span<byte>(buffer, 64));
            if ((status & 0x7F) == 0)
            {
                message.Append("ended with status "u8);
                message.AppendDecimal((ulong)((status >> 8) & 0xFF));
            }
            else
            {
                message.Append("ended by signal "u8);
                message.AppendDecimal((ulong)(status & 0x7F));
            }

            message.Append("; starting it again"u8);
            Output.Error("init", program, CString.ToString(message.Text));
            quickEnds = Seconds() - started < 1 ? quickEnds + 1 : 0;
            if (quickEnds >= MaxQuickRestarts)
            {
                Output.Error("init", program, "ended 10 times in a row within a second of starting; giving up");
                return 1;
            }
        }
    }

    // Forks and execs; returns the child's pid, or -errno (fork failed), or -1 with execError set (execve failed).
    private static long Start(byte** argv, byte** envp, out long execError)
    {
        execError = 0;
        int* ends = stackalloc int[2];
        long result = Syscall.Invoke(Syscall.Pipe2, (long)ends, Syscall.OpenCloseOnExec);
        if (result < 0)
        {
            return result;
        }

        long pid = Syscall.Invoke(Syscall.Fork);
        if (pid == 0)
        {
            Files.Close(ends[0]);
            long error = Syscall.Invoke(Syscall.Execve, (long)argv[0], (long)argv, (long)envp);
            Syscall.WriteFile(ends[1], (byte*)&error, sizeof(long));
            Process.Exit(127);
        }

        Files.Close(ends[1]);
        if (pid < 0)
        {
            Files.Close(ends[0]);
            return pid;
        }

        long reported = 0;
        long count = Syscall.ReadFile(ends[0], (byte*)&reported, sizeof(long));
        Files.Close(ends[0]);
        if (count == sizeof(long))
        {
            WaitFor(pid);
            execError = reported;
            return -1;
        }

        return pid;
    }

    // Reaps children until `pid` ends; returns its wait status.
    private static int WaitFor(long pid)
    {
        while (true)
        {
            int status = 0;
            long ended = Syscall.Invoke(Syscall.Wait4, -1, (long)&status, 0, 0);
            if (ended == pid)
            {
                return status;
            }

            if (ended < 0 && ended != -Errno.Interrupted)
            {
                // No child left at all: treat as a failed shell.
                return 0x7F00;
            }
        }
    }

    private static byte** BuildArguments(string[] args)
    {
        int count = args.Length > 0 ? args.Length : 1;
        byte** argv = (byte**)UserMemory.Allocate((ulong)(count + 1) * (ulong)sizeof(byte*));
        if (argv == null)
        {
            return null;
        }

        for (int i = 0; i < count; i++)
        {
            argv[i] = CString.Allocate(args.Length > 0 ? args[i] : "/bin/sh");
            if (argv[i] == null)
            {
                return null;
            }
        }

        return argv;
    }

    private static byte** BuildEnvironment()
    {
        int count = 0;
        while (Process.Environment[count] != null)
        {
            count++;
        }

        byte** envp = (byte**)UserMemory.Allocate((ulong)(count + 3) * (ulong)sizeof(byte*));
        if (envp == null)
        {
            return null;
        }

        for (int i = 0; i < count; i++)
        {
            envp[i] = Process.Environment[i];
        }

        if (Process.GetEnvironmentVariable("PATH") == null)
        {
            envp[count++] = CString.Allocate("PATH=/bin");
        }

        if (Process.GetEnvironmentVariable("HOME") == null)
        {
            envp[count++] = CString.Allocate("HOME=/");
        }

        return envp;
    }

    private static long Seconds()
    {
        long* time = stackalloc long[2];
        return Syscall.Invoke(ClockGettime, ClockMonotonic, (long)time) == 0 ? time[0] : 0;
    }
}
