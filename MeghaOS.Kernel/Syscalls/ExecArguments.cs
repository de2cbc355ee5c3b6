// What execve hands the program loader besides the file: the argument and environment strings, copied in from the
// old program and packed one after another, each with its NUL (argv's first, then envp's), in a kernel buffer.
namespace MeghaOS.Syscalls;

using System;

/// <summary>argv and envp for the loader.</summary>
public unsafe struct ExecArguments
{
    /// <summary>The strings, each NUL-terminated: <see cref="ArgumentCount"/> of argv, then <see cref="EnvironmentCount"/> of envp.</summary>
    public byte* Strings;

    /// <summary>Bytes used in <see cref="Strings"/>, the NULs included.</summary>
    public int Length;

    /// <summary>The environment of a program the kernel starts itself (init, the kernel shell's run): envp's strings.</summary>
    public static ReadOnlySpan<byte> KernelEnvironment => "PATH=/bin\0HOME=/\0"u8;

    /// <summary>Number of strings in <see cref="KernelEnvironment"/>.</summary>
    public const int KernelEnvironmentCount = 2;

    /// <summary>argc.</summary>
    public int ArgumentCount;

    /// <summary>Number of environment strings.</summary>
    public int EnvironmentCount;

    /// <summary>
    /// The string starting at <paramref name="offset"/> (without its NUL), and moves <paramref name="offset"/> past it;
    /// walk from 0 to read argv then envp in order.
    /// </summary>
    public readonly ReadOnlySpan<byte> Next(ref int offset)
    {
        int start = offset;
        while (offset < Length && Strings[offset] != 0)
        {
            offset++;
        }

        ReadOnlySpan<byte> text = new ReadOnlySpan<byte>(Strings + start, offset - start);
        offset++;
        return text;
    }
}
