// One entry of the shell's command table: the name typed, a one-line help, and the function that runs it.
namespace MeghaOS.Shell;

using System;

/// <summary>A shell command.</summary>
public readonly unsafe ref struct ShellCommand
{
    /// <summary>The name typed to run it.</summary>
    public readonly ReadOnlySpan<byte> Name;

    /// <summary>Usage and a one-line description, as help prints it.</summary>
    public readonly ReadOnlySpan<byte> Help;

    /// <summary>Runs the command with the line's words (word 0 is the name).</summary>
    public readonly delegate*<in ShellArguments, void> Handler;

    /// <summary>Creates a table entry.</summary>
    public ShellCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> help, delegate*<in ShellArguments, void> handler)
    {
        Name = name;
        Help = help;
        Handler = handler;
    }
}
