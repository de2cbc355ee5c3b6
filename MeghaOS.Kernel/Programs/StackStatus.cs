// Every outcome of building a program's initial stack (InitialStack.Build); ElfStatusText gives message and errno.
namespace MeghaOS.Programs;

/// <summary>The result of <see cref="InitialStack.Build"/>.</summary>
public enum StackStatus
{
    /// <summary>The stack is mapped and filled.</summary>
    Success = 0,

    /// <summary>The strings and their pointers exceed <see cref="ProgramLayout.MaxArgumentBytes"/> (E2BIG).</summary>
    ArgumentsTooLong,

    /// <summary>A non-empty argument or environment block does not end with a NUL.</summary>
    BadArguments,

    /// <summary>The random source gave fewer than 16 bytes.</summary>
    BadRandom,

    /// <summary>The address space had no memory for the stack (nothing is left mapped).</summary>
    OutOfMemory,

    /// <summary>The address space refused the stack for another reason (nothing is left mapped).</summary>
    MapFailed,
}
