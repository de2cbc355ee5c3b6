// The end of a user program that hit a runtime check (index out of range, null, a failed cast, an exception thrown:
// there is no unwinder): the kernel core library's shared helpers (TypeCast, ThrowHelpers, RuntimeExports) call
// MeghaOS.Panic.Halt, and in a user program that means "print the reason on standard error and exit with 134", the
// status a shell shows for an abort. It never touches the machine: a user program has no privileged instructions.
namespace MeghaOS;

using MeghaOS.User;

/// <summary>A fatal error in a user program: report on standard error and end the process.</summary>
public static class Panic
{
    /// <summary>The exit status of a program that panicked (128 + SIGABRT, as a shell shows an abort).</summary>
    public const int ExitStatus = 134;

    /// <summary>Writes "fatal: <paramref name="reason"/>" to standard error and ends the process.</summary>
    public static void Halt(string reason)
    {
        Output.Write(Output.StandardError, "fatal: ");
        Output.Write(Output.StandardError, reason);
        Output.Write(Output.StandardError, "\n");
        Process.Exit(ExitStatus);
    }
}
