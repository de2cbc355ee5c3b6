// env: prints the environment the program was started with, one NAME=value a line, in the order of envp on the
// System V initial stack. Shows what init and sh pass on (init adds PATH=/bin and HOME=/ when they are missing).
using MeghaOS.User;

internal static unsafe class Env
{
    private static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            Output.Error("env", "usage: env (it takes no arguments)");
            return 2;
        }

        for (byte** entry = Process.Environment; *entry != null; entry++)
        {
            Output.Print(CString.AsSpan(*entry));
            Output.Print("\n"u8);
        }

        return 0;
    }
}
