// The running program's view of itself, read from the System V initial stack the kernel built at execve: argc,
// argv, envp and the auxiliary vector (AT_PAGESZ, AT_RANDOM, ...), plus ending the process. Arguments become
// strings one byte per char (Latin-1), so any byte string survives the round trip back to bytes (CString.cs)
// unchanged; nothing is decoded.
namespace MeghaOS.User;

/// <summary>Arguments, environment, auxiliary vector and exit.</summary>
public static unsafe class Process
{
    private static ulong* s_stack;

    /// <summary>Auxiliary vector keys (Linux's AT_* numbers).</summary>
    public const ulong AuxNull = 0, AuxPhdr = 3, AuxPhent = 4, AuxPhnum = 5, AuxPageSize = 6, AuxEntry = 9, AuxRandom = 25;

    internal static void SetInitialStack(ulong* stack) => s_stack = stack;

    /// <summary>argc: the number of arguments including the program name.</summary>
    public static int ArgumentCount => (int)s_stack[0];

    /// <summary>argv[<paramref name="index"/>] as the NUL-terminated bytes the kernel passed (null past the end).</summary>
    public static byte* Argument(int index) => (uint)index < (uint)ArgumentCount ? (byte*)s_stack[1 + index] : null;

    /// <summary>envp: the NULL-terminated array of "NAME=value" strings.</summary>
    public static byte** Environment => (byte**)(s_stack + 1 + ArgumentCount + 1);

    /// <summary>The program's name, argv[0] ("" when argc is 0).</summary>
    public static string Name => ArgumentCount > 0 ? CString.ToString(Argument(0)) : "";

    /// <summary>The value of environment variable <paramref name="name"/>, or null when it is not set.</summary>
    public static byte* GetEnvironmentVariable(string name)
    {
        for (byte** entry = Environment; *entry != null; entry++)
        {
            byte* text = *entry;
            int i = 0;
            while (i < name.Length && text[i] == (byte)name[i])
            {
                i++;
            }

            if (i == name.Length && text[i] == (byte)'=')
            {
                return text + i + 1;
            }
        }

        return null;
    }

    /// <summary>The auxiliary vector: (key, value) pairs after envp's NULL, ending with the pair (AT_NULL, 0).</summary>
    public static ulong* AuxiliaryVector
    {
        get
        {
            byte** entry = Environment;
            while (*entry != null)
            {
                entry++;
            }

            return (ulong*)(entry + 1);
        }
    }

    /// <summary>The auxiliary vector's value for <paramref name="key"/>, or 0 when it is absent.</summary>
    public static ulong AuxiliaryValue(ulong key)
    {
        for (ulong* pair = AuxiliaryVector; pair[0] != AuxNull; pair += 2)
        {
            if (pair[0] == key)
            {
                return pair[1];
            }
        }

        return 0;
    }

    /// <summary>Main's arguments: argv[1..argc-1] as strings.</summary>
    internal static string[] CreateArguments()
    {
        int count = ArgumentCount > 0 ? ArgumentCount - 1 : 0;
        string[] arguments = new string[count];
        for (int i = 0; i < count; i++)
        {
            arguments[i] = CString.ToString(Argument(i + 1));
        }

        return arguments;
    }

    /// <summary>Ends the process with <paramref name="status"/> (exit_group); never returns.</summary>
    public static void Exit(int status) => Syscall.ExitProcess(status);
}
