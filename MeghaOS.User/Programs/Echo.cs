// echo: writes its arguments separated by single spaces, then a newline (`-n`: no newline). The smallest program;
// the model for a new one (docs/user-programs.md).
using MeghaOS.User;

internal static class Echo
{
    private static int Main(string[] args)
    {
        bool newline = true;
        int first = 0;
        if (args.Length > 0 && args[0] == "-n")
        {
            newline = false;
            first = 1;
        }

        for (int i = first; i < args.Length; i++)
        {
            if (i > first)
            {
                Output.Print(" ");
            }

            Output.Print(args[i]);
        }

        if (newline)
        {
            Output.Print("\n");
        }

        return 0;
    }
}
